// Quick fixes: config findings that carry fix ids get edits computed on a worker against the buffer's text;
// "dynamic input without profile" on a model offers to save the proposed profile or to open the profiles form;
// stack/unpinned in a Dockerfile or requirements file offers to pin the target's version (stack-fixes.ts).
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type CancellationToken,
  type Diagnostic,
} from 'vscode-languageserver';
import type { DiagnosticData } from '../../contract/analysis';
import { SERVER_COMMANDS } from '../../contract/commands';
import type { CodeAction as TritonCodeAction } from '../../triton/language';
import { readConfigFile } from '../../triton/validate';
import { isModelFile, isTritonConfig } from '../../workspace-files';
import { isStackFile } from '../../target/stack-pins';
import { toPath, type ServerContext } from '../context';
import { findingFromDiagnostic } from '../diagnostics';
import { stackCodeActions } from '../stack-fixes';

/** The extension's command that opens the profiles form (package.json contributes). */
const OPEN_PROFILES_FORM = 'modelready.editProfiles';
const NEEDS_PROFILE_RULE = 'shape/dynamic-input-needs-profile';
const CORNER_RULE = 'shape/profile-corner-invalid';

function readTextOrUndefined(file: string): string | undefined {
  try {
    return readConfigFile(file);
  } catch {
    return undefined;
  }
}

export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction(async (params, token): Promise<CodeAction[]> => {
    const file = toPath(params.textDocument.uri);
    if (file && isModelFile(file)) return profileCodeActions(params.textDocument.uri, params.context.diagnostics);
    if (file && isStackFile(file)) {
      const text = ctx.documents.get(params.textDocument.uri)?.getText() ?? readTextOrUndefined(file);
      return text === undefined
        ? []
        : stackCodeActions(params.textDocument.uri, file, text, params.context.diagnostics, ctx.settings);
    }
    if (!file || !isTritonConfig(file)) return [];
    return configCodeActions(ctx, file, params, token);
  });
}

async function configCodeActions(
  ctx: ServerContext,
  file: string,
  params: CodeActionParams,
  token: CancellationToken,
): Promise<CodeAction[]> {
  // Clients may ask for fixes of a file they have not opened (e.g. from a problems list): use the disk text.
  const text = ctx.documents.get(params.textDocument.uri)?.getText() ?? readTextOrUndefined(file);
  if (text === undefined) return [];
  const pairs = params.context.diagnostics
    .map((d) => ({ d, f: findingFromDiagnostic(file, d) }))
    .filter((p) => p.f?.fixes?.length);
  if (pairs.length === 0) return [];
  const perFinding = await ctx.pool
    .run<TritonCodeAction[][]>({ kind: 'codeActions', file, text, findings: pairs.map((p) => p.f!) }, 'interactive', {
      cancel: token,
    })
    .catch((error: Error) => {
      ctx.throwIfCancelled(token);
      throw error;
    });
  ctx.throwIfCancelled(token);
  return pairs.flatMap(({ d }, i) =>
    perFinding[i].map((a) => ({
      title: a.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: perFinding[i].length === 1,
      edit: { changes: { [params.textDocument.uri]: a.edits } },
    })),
  );
}

/**
 * "dynamic input without profile": save the proposal at once, or open the form to edit it first. "profile invalid
 * at a corner": narrow the saved profiles to where the graph is valid.
 */
function profileCodeActions(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const ofRule = (id: string) => diagnostics.filter((d) => (d.data as DiagnosticData | undefined)?.ruleId === id);
  const corners = ofRule(CORNER_RULE);
  const narrow: CodeAction[] = corners.length
    ? [
        {
          title: 'Narrow the profile to the range where the graph is valid',
          kind: CodeActionKind.QuickFix,
          diagnostics: corners,
          isPreferred: true,
          command: {
            title: 'Narrow profile',
            command: SERVER_COMMANDS.editProfiles,
            arguments: [{ action: 'narrow', modelUri: uri }],
          },
        },
      ]
    : [];
  const needing = ofRule(NEEDS_PROFILE_RULE);
  if (needing.length === 0) return narrow;
  return [
    ...narrow,
    {
      title: 'Add the proposed optimization profile to .modelready.json',
      kind: CodeActionKind.QuickFix,
      diagnostics: needing,
      isPreferred: true,
      command: {
        title: 'Add profile',
        command: SERVER_COMMANDS.editProfiles,
        arguments: [{ action: 'saveProposal', modelUri: uri }],
      },
    },
    {
      title: 'Edit dynamic-shape profiles…',
      kind: CodeActionKind.QuickFix,
      diagnostics: needing,
      command: { title: 'Edit dynamic-shape profiles', command: OPEN_PROFILES_FORM, arguments: [{ uri }] },
    },
  ];
}
