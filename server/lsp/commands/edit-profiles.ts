// `modelready.server.editProfiles`: the profiles form's actions (get, save, saveProposal, applyToConfig) run on a
// worker; a change to config.pbtxt goes through the editor (workspace/applyEdit) so it shows and can be undone.
import type { EditProfilesResult } from '../../contract/shape-profiles';
import { checkEditProfilesParams } from '../../shape-profiles/form-messages';
import { tritonConfigFor } from '../../shape-profiles/applied-profiles';
import type { EditProfilesOutcome } from '../../shape-profiles/service';
import { isModelFile } from '../../workspace-files';
import { toPath, type ServerContext } from '../context';
import type { WorkspaceAnalysis } from '../workspace-analysis';

export async function editProfiles(
  ctx: ServerContext,
  workspace: WorkspaceAnalysis,
  argument: unknown,
): Promise<EditProfilesResult> {
  const checked = checkEditProfilesParams(argument);
  if (!checked.ok) return { ok: false, message: checked.error };
  const modelFile = toPath(checked.value.modelUri);
  if (!modelFile || !isModelFile(modelFile))
    return { ok: false, message: `${checked.value.modelUri} is not an .onnx file` };
  const tritonConfig = checked.value.action === 'applyToConfig' ? tritonConfigFor(modelFile) : undefined;
  const configText = tritonConfig ? ctx.documents.get(ctx.uriOf(tritonConfig))?.getText() : undefined;
  let outcome: EditProfilesOutcome;
  try {
    outcome = await ctx.pool.run<EditProfilesOutcome>(
      {
        kind: 'editProfiles',
        params: checked.value,
        modelFile,
        defaultRoot: ctx.rootOf(modelFile),
        configText,
        ranges: ctx.settings.modelready?.profiles,
      },
      'interactive',
    );
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (outcome.savedModel) workspace.analyzeNow(outcome.savedModel, 'open');
  if (outcome.configEdit) {
    const { configFile, edits } = outcome.configEdit;
    const applied = await ctx.connection.workspace.applyEdit({
      label: 'Apply optimization profiles to config.pbtxt',
      edit: { changes: { [ctx.uriOf(configFile)]: edits } },
    });
    if (!applied.applied)
      return {
        ok: false,
        message: `the editor did not apply the edit to ${configFile}${applied.failureReason ? `: ${applied.failureReason}` : ''}`,
      };
  }
  return outcome.result;
}
