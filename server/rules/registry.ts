// Every rule, in the order their findings are listed. Adding a rule = one module + one line here.
import { externalDataEscapesFolder } from './onnx/external-data-escapes-folder';
import { externalDataMissing } from './onnx/external-data-missing';
import { externalDataRequired } from './onnx/external-data-required';
import { externalDataShort } from './onnx/external-data-short';
import { invalidStructure } from './onnx/invalid-structure';
import { irVersionOpset } from './onnx/ir-version-opset';
import { opsetDeprecatedOp } from './onnx/opset-deprecated-op';
import { opsetUpgradePlan } from './onnx/opset-upgrade-plan';
import { tensorDataSize } from './onnx/tensor-data-size';
import { unreadableModel } from './onnx/unreadable-model';
import { danglingQdq } from './quant/dangling-qdq';
import { nonzeroZeroPoint } from './quant/nonzero-zero-point';
import { residualAddOneSided } from './quant/residual-add-one-sided';
import { weightAxis } from './quant/weight-axis';
import type { Rule } from './rule';
import { gpuMemoryFit } from './target/gpu-memory-fit';
import { pluginRemoved } from './target/plugin-removed';
import { precisionNeedsGpu } from './target/precision-needs-gpu';
import { weaklyTypedPrecision } from './target/weakly-typed-precision';
import { dynamicInputNeedsProfile } from './shape/dynamic-input-needs-profile';
import { inferenceError } from './shape/inference-error';
import { profileCornerInvalid } from './shape/profile-corner-invalid';
import { profileInvalid } from './shape/profile-invalid';
import { storedShapeConflict } from './shape/stored-shape-conflict';
import { constantFoldable } from './simplify/constant-foldable';
import { deadNode } from './simplify/dead-node';
import { dropoutInference } from './simplify/dropout-inference';
import { duplicateInitializer } from './simplify/duplicate-initializer';
import { identity } from './simplify/identity';
import { staticShapeArithmetic } from './simplify/static-shape-arithmetic';
import { unusedInitializer } from './simplify/unused-initializer';
import { customOpNeedsPlugin } from './trt/custom-op-needs-plugin';
import { dataDependentShape } from './trt/data-dependent-shape';
import { int64Narrowing } from './trt/int64-narrowing';
import { loopDynamicTripCount } from './trt/loop-dynamic-trip-count';
import { opRestriction } from './trt/op-restriction';
import { opUnsupported } from './trt/op-unsupported';
import { opsetUnsupported } from './trt/opset-unsupported';
import { unsupportedDtype } from './trt/unsupported-dtype';

export const allRules: readonly Rule[] = [
  unreadableModel,
  invalidStructure,
  tensorDataSize,
  irVersionOpset,
  externalDataMissing,
  externalDataShort,
  externalDataEscapesFolder,
  externalDataRequired,
  opsetDeprecatedOp,
  opsetUpgradePlan,
  opsetUnsupported,
  opUnsupported,
  customOpNeedsPlugin,
  pluginRemoved,
  unsupportedDtype,
  precisionNeedsGpu,
  weaklyTypedPrecision,
  gpuMemoryFit,
  int64Narrowing,
  opRestriction,
  dataDependentShape,
  loopDynamicTripCount,
  dynamicInputNeedsProfile,
  profileInvalid,
  profileCornerInvalid,
  inferenceError,
  storedShapeConflict,
  identity,
  dropoutInference,
  unusedInitializer,
  deadNode,
  constantFoldable,
  staticShapeArithmetic,
  duplicateInitializer,
  residualAddOneSided,
  weightAxis,
  nonzeroZeroPoint,
  danglingQdq,
];
