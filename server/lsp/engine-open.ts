// The engine view's request on the worker thread: the description, the profile and ONNX model given or found beside
// it (server/engine/engine-companions.ts), the report with its findings configured as the file's analysis would be.
import path from 'node:path';
import type { EngineReport } from '../contract/engine';
import type { ModelReadySettings } from '../contract/settings';
import { findCompanions } from '../engine/engine-companions';
import { EngineInputError, loadEngineReport } from '../engine/load-engine';
import { configuredForEditor } from './analysis';

export interface EngineOpenFiles {
  layers: string;
  profile?: string;
  onnx?: string;
}

/** Paths in, paths out (the server turns them into URIs). */
export type EngineOpenReply =
  | { ok: true; title: string; report: EngineReport; profile: string | null; onnx: string | null }
  | { ok: false; message: string };

export function openEngineFiles(files: EngineOpenFiles, settings: ModelReadySettings): EngineOpenReply {
  const beside = findCompanions(files.layers);
  const profile = files.profile ?? beside.profile;
  const onnx = files.onnx ?? beside.onnx;
  try {
    const report = loadEngineReport({ layers: files.layers, profile, onnx });
    report.findings = configuredForEditor(files.layers, report.findings, settings);
    return { ok: true, title: path.basename(files.layers), report, profile: profile ?? null, onnx: onnx ?? null };
  } catch (error) {
    if (error instanceof EngineInputError) return { ok: false, message: error.message };
    throw error;
  }
}
