// `workspace/executeCommand`: one handler per server command, looked up by id. Registered as a plain request,
// not onExecuteCommand: that wrapper removes the client's workDoneToken, and "Check workspace" reports progress
// on the client's token when there is one.
import { ExecuteCommandRequest, type ExecuteCommandParams } from 'vscode-languageserver';
import { SERVER_COMMANDS } from '../../contract/commands';
import type { ServerContext } from '../context';
import type { PublishedFindings } from '../published-findings';
import type { WorkspaceAnalysis } from '../workspace-analysis';
import { editProfiles } from './edit-profiles';
import { generateTritonConfig, rewriteModel } from './file-writers';

type ServerCommand = (typeof SERVER_COMMANDS)[keyof typeof SERVER_COMMANDS];
type CommandHandler = (params: ExecuteCommandParams) => Promise<unknown>;

export function commandTable(
  ctx: ServerContext,
  workspace: WorkspaceAnalysis,
  published: PublishedFindings,
): Record<ServerCommand, CommandHandler> {
  const firstArgument = (params: ExecuteCommandParams) => params.arguments?.[0];
  return {
    [SERVER_COMMANDS.checkWorkspace]: async (params) => {
      await workspace.checkAll('ModelReady: checking the workspace', params.workDoneToken);
      return published.readiness();
    },
    [SERVER_COMMANDS.generateTritonConfig]: (params) => generateTritonConfig(ctx, workspace, firstArgument(params)),
    [SERVER_COMMANDS.convertOpset]: (params) => rewriteModel(ctx, workspace, firstArgument(params), 'convertOpset'),
    [SERVER_COMMANDS.applyModelFix]: (params) => rewriteModel(ctx, workspace, firstArgument(params), 'applyModelFix'),
    [SERVER_COMMANDS.editProfiles]: (params) => editProfiles(ctx, workspace, firstArgument(params)),
  };
}

export function registerCommands(ctx: ServerContext, workspace: WorkspaceAnalysis, published: PublishedFindings): void {
  const table: Record<string, CommandHandler> = commandTable(ctx, workspace, published);
  ctx.connection.onRequest(ExecuteCommandRequest.type, (params) => {
    const handler = Object.hasOwn(table, params.command) ? table[params.command] : undefined;
    if (!handler) throw new Error(`unknown command ${params.command}`);
    return handler(params);
  });
}
