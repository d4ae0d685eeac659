// The host side of the profiles form, without VS Code: checks each message the form posts (server/webview-messages.ts,
// shapes in form-messages.ts) and answers it through the server's `modelready.server.editProfiles`. The extension
// wires it to the webview and to the server; the browser test wires it to the same server code directly.
import type {
  EditProfilesParams,
  EditProfilesResult,
  ProfilesHostMessage,
  ProfilesViewMessage,
} from '../contract/shape-profiles';
import { acceptMessage, type WebviewHostHooks } from '../webview-messages';
import { checkProfilesViewMessage } from './form-messages';

export type EditProfilesSender = (params: EditProfilesParams) => Promise<EditProfilesResult>;

export class ProfilesFormSession {
  constructor(
    private readonly modelUri: string,
    private readonly send: EditProfilesSender,
    private readonly hooks: WebviewHostHooks<ProfilesHostMessage>,
  ) {}

  async receive(raw: unknown): Promise<void> {
    const message = acceptMessage(raw, checkProfilesViewMessage, this.hooks, (reason): ProfilesHostMessage => ({
      type: 'profiles/error',
      message: `ignored a malformed message from the form: ${reason}`,
    }));
    if (message) this.hooks.post(await this.answer(message));
  }

  private async answer(message: ProfilesViewMessage): Promise<ProfilesHostMessage> {
    const modelUri = this.modelUri;
    const fail = (r: Extract<EditProfilesResult, { ok: false }>): ProfilesHostMessage => ({
      type: 'profiles/error',
      message: r.message,
      problems: r.problems,
    });
    switch (message.type) {
      case 'profiles/ready':
      case 'profiles/propose': {
        const r = await this.send(
          message.type === 'profiles/ready'
            ? { action: 'get', modelUri }
            : { action: 'get', modelUri, strategies: message.strategies, settings: message.settings },
        );
        return r.ok ? { type: 'profiles/view', view: r.view } : fail(r);
      }
      case 'profiles/preview': {
        const r = await this.send({ action: 'preview', modelUri, profiles: message.profiles });
        return r.ok
          ? {
              type: 'profiles/result',
              view: r.view,
              message: r.view.problems.length ? `${r.view.problems.length} problem(s): not saved yet` : '',
            }
          : fail(r);
      }
      case 'profiles/save': {
        const r = await this.send({ action: 'save', modelUri, profiles: message.profiles });
        return r.ok
          ? {
              type: 'profiles/result',
              view: r.view,
              message: `Saved ${message.profiles.length} profile(s) to ${r.view.configFile}`,
            }
          : fail(r);
      }
      case 'profiles/applyToConfig': {
        const r = await this.send({
          action: 'applyToConfig',
          modelUri,
          profiles: message.profiles,
          backend: message.backend,
        });
        return r.ok
          ? { type: 'profiles/result', view: r.view, message: `Applied to ${r.view.tritonConfigUri}` }
          : fail(r);
      }
    }
  }
}
