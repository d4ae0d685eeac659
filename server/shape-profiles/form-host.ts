// The host side of the profiles form, without VS Code: one webview message in (unchecked), one answer out. The
// extension wires it to the webview and to the server's `modelready.server.editProfiles`; the browser test wires
// it to the same server code directly. Malformed messages are answered with an error and do nothing.
import type { EditProfilesParams, EditProfilesResult, ProfilesHostMessage } from '../contract/shape-profiles';
import { checkProfilesViewMessage } from './form-messages';

export type EditProfilesSender = (params: EditProfilesParams) => Promise<EditProfilesResult>;

export async function answerProfilesFormMessage(
  raw: unknown,
  modelUri: string,
  send: EditProfilesSender,
): Promise<ProfilesHostMessage> {
  const checked = checkProfilesViewMessage(raw);
  if (!checked.ok)
    return { type: 'profiles/error', message: `ignored a malformed message from the form: ${checked.error}` };
  const message = checked.value;
  const fail = (r: Extract<EditProfilesResult, { ok: false }>): ProfilesHostMessage => ({
    type: 'profiles/error',
    message: r.message,
    problems: r.problems,
  });
  switch (message.type) {
    case 'profiles/ready':
    case 'profiles/propose': {
      const r = await send(
        message.type === 'profiles/ready'
          ? { action: 'get', modelUri }
          : { action: 'get', modelUri, strategies: message.strategies, settings: message.settings },
      );
      return r.ok ? { type: 'profiles/view', view: r.view } : fail(r);
    }
    case 'profiles/preview': {
      const r = await send({ action: 'preview', modelUri, profiles: message.profiles });
      return r.ok
        ? {
            type: 'profiles/result',
            view: r.view,
            message: r.view.problems.length ? `${r.view.problems.length} problem(s): not saved yet` : '',
          }
        : fail(r);
    }
    case 'profiles/save': {
      const r = await send({ action: 'save', modelUri, profiles: message.profiles });
      return r.ok
        ? {
            type: 'profiles/result',
            view: r.view,
            message: `Saved ${message.profiles.length} profile(s) to ${r.view.configFile}`,
          }
        : fail(r);
    }
    case 'profiles/applyToConfig': {
      const r = await send({ action: 'applyToConfig', modelUri, profiles: message.profiles, backend: message.backend });
      return r.ok
        ? { type: 'profiles/result', view: r.view, message: `Applied to ${r.view.tritonConfigUri}` }
        : fail(r);
    }
  }
}
