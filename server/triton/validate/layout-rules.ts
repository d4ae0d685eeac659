// Repository layout as Triton reads it: numeric version folders, the version policy choosing among them,
// and the model file each chosen version must hold (default name per backend, `default_model_filename`,
// `cc_model_filenames`).
import { type CMessage, has, str, num, msg, nums, mapEntries, spanOf, nameSpanOf } from './config';
import { type Diagnostic, reportInto } from './diagnostic';
import type { ModelFolder } from './model';
import { defaultModelFilename, ENSEMBLE_PLATFORM } from './platforms';
import type { Backend } from './backend';

/** The version folders Triton would load under the model's version_policy (default: latest 1). */
export function selectedVersions(model: ModelFolder, config: CMessage | undefined): string[] {
  const policy = msg(config, 'version_policy');
  const all = model.versions;
  if (policy && has(policy, 'all')) return all;
  if (policy && has(policy, 'specific')) {
    const wanted = new Set(nums(msg(policy, 'specific'), 'versions').map(String));
    return all.filter((v) => wanted.has(String(Number(v))));
  }
  const n = Math.max(1, num(msg(policy, 'latest'), 'num_versions'));
  return all.slice(-n);
}

export function checkLayout(model: ModelFolder, config: CMessage | undefined, backend: Backend): Diagnostic[] {
  const out: Diagnostic[] = [];
  const root = config ?? undefined;
  const anchor = root ? spanOf(root) : { start: 0, end: 0 };
  const name = str(config, 'name') || model.name;
  const err = reportInto(out);
  if (!model.dir) return out;

  for (const dir of model.ignoredDirs) {
    err(
      'triton/layout',
      `Triton ignores the folder '${dir}' of model '${name}': version folders are named by numbers`,
      anchor,
      'info',
    );
  }
  const policy = msg(config, 'version_policy');
  if (policy && has(policy, 'specific')) {
    const present = new Set(model.versions.map((v) => String(Number(v))));
    for (const v of nums(msg(policy, 'specific'), 'versions')) {
      if (!present.has(String(v)))
        err(
          'triton/version-policy',
          `version_policy of model '${name}' asks for version ${v}, but there is no version folder '${v}'`,
          spanOf(msg(policy, 'specific')!, 'versions'),
        );
    }
  }
  const chosen = selectedVersions(model, config);
  if (chosen.length === 0) {
    const span = policy && config ? nameSpanOf(config, 'version_policy') : anchor;
    err(
      'triton/version-policy',
      model.versions.length === 0
        ? `at least one version must be available under the version policy of model '${name}': the model folder has no numeric version folder (such as '1/')`
        : `at least one version must be available under the version policy of model '${name}': none of the version folders ${model.versions.join(', ')} is selected`,
      span,
    );
    return out;
  }
  if (str(config, 'platform') === ENSEMBLE_PLATFORM) return out;
  const expected = str(config, 'default_model_filename') || defaultModelFilename(backend.backend, backend.platform);
  if (!expected) return out;
  const ccFiles = mapEntries(config, 'cc_model_filenames').map((e) => String(e.value));
  for (const v of chosen) {
    const present = model.versionEntries.get(v) ?? [];
    if (!present.includes(expected) && !ccFiles.some((f) => present.includes(f))) {
      const span = config && has(config, 'default_model_filename') ? spanOf(config, 'default_model_filename') : anchor;
      err(
        'triton/model-file',
        `failed to load '${name}' version ${v}: the version folder has no '${expected}' (the file the ${backend.backend || backend.platform} backend loads${has(config, 'default_model_filename') ? ', set by default_model_filename' : ''})`,
        span,
      );
    }
  }
  for (const entry of mapEntries(config, 'cc_model_filenames')) {
    const f = String(entry.value);
    if (!chosen.some((v) => (model.versionEntries.get(v) ?? []).includes(f))) {
      err(
        'triton/model-file',
        `cc_model_filenames names '${f}' for compute capability ${entry.key}, but no loaded version folder of '${name}' has it`,
        spanOf(entry.entry, 'value'),
        'warning',
      );
    }
  }
  return out;
}
