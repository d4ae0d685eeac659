// What completion, hover and definition know of a config's repository (model names, the model's signature),
// computed on a worker and cached per config until a file of its repository changes.
import path from 'node:path';
import type { LanguageContext } from '../../triton/language';
import { toLanguageContext, type ContextData } from '../analysis';
import type { ServerContext } from '../context';
import { LruCache } from '../lru';

const EMPTY: ContextData = { modelNames: [], configPaths: {} };

export class LanguageContexts {
  private readonly cache = new LruCache<string, Promise<ContextData>>(64);

  constructor(private readonly ctx: ServerContext) {}

  /** The language context of a config; an empty one when the repository cannot be read. */
  async of(configFile: string): Promise<LanguageContext> {
    let data = this.cache.get(configFile);
    if (!data) {
      data = this.ctx.pool.run<ContextData>({ kind: 'context', file: configFile }, 'interactive');
      data.catch(() => this.cache.delete(configFile));
      this.cache.set(configFile, data);
    }
    return toLanguageContext(await data.catch(() => EMPTY));
  }

  /** Drops the contexts of every config whose repository holds `changed`. */
  invalidate(changed: string): void {
    this.cache.deleteWhere((config) => changed.startsWith(path.dirname(path.dirname(config))));
  }
}
