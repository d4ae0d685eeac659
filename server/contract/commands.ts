// Contract, `workspace/executeCommand` commands of the language server: their names, arguments and results.
import type { EditProfilesCommand } from './shape-profiles';

/** `workspace/executeCommand` command: re-index and analyze the whole workspace; no arguments; returns `Readiness`. */
export type CheckWorkspaceCommand = 'modelready.server.checkWorkspace';
/** `workspace/executeCommand` command: writes `<model folder>/config.pbtxt` from its newest `<version>/model.onnx`.
 * Argument: `GenerateConfigParams` (`uri` of the model folder, of a file inside it, or of the .onnx); returns `GenerateConfigResult`. */
export type GenerateTritonConfigCommand = 'modelready.server.generateTritonConfig';
export interface GenerateConfigParams {
  uri: string;
}
export type GenerateConfigResult = { ok: true; uri: string } | { ok: false; message: string };

/** `workspace/executeCommand` command: converts a model to another default-domain opset, written beside it as
 * `<model>.opsetN.onnx` (the original is never touched). Argument `ConvertOpsetParams`; returns `ConvertOpsetResult`. */
export type ConvertOpsetCommand = 'modelready.server.convertOpset';
export interface ConvertOpsetParams {
  uri: string;
  opset: number;
}
export type ConvertOpsetResult = { ok: true; uri: string; summary: string } | { ok: false; message: string };

/** `workspace/executeCommand` command: applies a model fix a finding offers (`DiagnosticData.fixes[].id`, e.g.
 * `simplify.removeIdentity`), writing a new model beside the original. Argument `ApplyModelFixParams`. */
export type ApplyModelFixCommand = 'modelready.server.applyModelFix';
export interface ApplyModelFixParams {
  uri: string;
  fixId: string;
}
export type ApplyModelFixResult = { ok: true; uri: string; summary: string } | { ok: false; message: string };

/** The server commands' names, written once for the client and the server. */
export const SERVER_COMMANDS = {
  checkWorkspace: 'modelready.server.checkWorkspace' satisfies CheckWorkspaceCommand,
  generateTritonConfig: 'modelready.server.generateTritonConfig' satisfies GenerateTritonConfigCommand,
  convertOpset: 'modelready.server.convertOpset' satisfies ConvertOpsetCommand,
  applyModelFix: 'modelready.server.applyModelFix' satisfies ApplyModelFixCommand,
  editProfiles: 'modelready.server.editProfiles' satisfies EditProfilesCommand,
} as const;
