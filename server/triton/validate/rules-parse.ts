// Triton rules of the parse and folder stages: what protobuf's parser and the model folder's layout decide.
import { refused, type TritonRule } from './rule-stages';

export const parseRules = [
  {
    id: 'triton/unreadable-config',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary: 'The config file cannot be read (permissions, or larger than the 64 MiB limit).',
      why: refused,
      howToFix: 'Make the file readable; a model configuration is a few kilobytes of text.',
    },
  },
  {
    id: 'triton/template',
    check: 'parse',
    defaultSeverity: 'warning',
    docs: {
      summary:
        'The config is a template: it holds `${name}` placeholders (TensorRT-LLM fill_template.py), bare or in strings; one finding names them and the other checks wait for the filled file.',
      why: 'Triton cannot load a template, but it is not broken either: its raw text would give syntax errors and dozens of follow-on findings that say nothing about the filled config.',
      howToFix:
        'Fill the placeholders (TensorRT-LLM: `python3 tools/fill_template.py -i config.pbtxt key:value,...`) and check the filled file.',
    },
  },
  {
    id: 'triton/syntax',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A protobuf text-format syntax error, worded and positioned as protobuf reports it (`line:column: Expected integer, got: $`).',
      why: `Triton parses config.pbtxt with protobuf's text-format parser; ${refused}`,
      howToFix: 'Fix the text at the reported position (a missing brace, quote or colon is the usual cause).',
    },
  },
  {
    id: 'triton/unknown-field',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary: 'A field the ModelConfig message (or the nested message) does not have; suggests the closest name.',
      why: `Protobuf rejects unknown fields in text format; ${refused}`,
      howToFix: 'Use the suggested field name, or remove the field (it may belong to another message or release).',
    },
  },
  {
    id: 'triton/wrong-type',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary:
        "A value of the wrong kind for the field (string for a number, `maybe` for a bool) or an integer out of the field's range.",
      why: `Protobuf refuses the value while parsing; ${refused}`,
      howToFix: 'Write a value of the field’s type (numbers unquoted, bools `true`/`false`).',
    },
  },
  {
    id: 'triton/bad-enum',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary: "An enum value the field's enum does not define (e.g. `TYPE_FP33`); suggests the closest value.",
      why: `Protobuf refuses unknown enum names; ${refused}`,
      howToFix: 'Use one of the enum’s values (the suggestion, or completion in the editor).',
    },
  },
  {
    id: 'triton/duplicate-field',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary: 'A non-repeated field written twice.',
      why: `Protobuf refuses a second value for a singular field; ${refused}`,
      howToFix: 'Keep one occurrence of the field.',
    },
  },
  {
    id: 'triton/duplicate-map-key',
    check: 'parse',
    defaultSeverity: 'warning',
    docs: {
      summary: 'A map key (e.g. in `input_map`, `parameters`) written twice; protobuf keeps only the last entry.',
      why: 'The model loads, but with only the last value: the earlier entry is silently lost.',
      howToFix: 'Remove the duplicate entry, or merge the values into one.',
    },
  },
  {
    id: 'triton/oneof-conflict',
    check: 'parse',
    defaultSeverity: 'error',
    docs: {
      summary:
        'Two members of one oneof set (`dynamic_batching` with `sequence_batching`, two `version_policy` choices, ...).',
      why: `Protobuf refuses a second member of a oneof; ${refused}`,
      howToFix: 'Keep the one member you mean (one scheduler, one version policy).',
    },
  },
  {
    id: 'triton/missing-config',
    check: 'folder',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A model folder without `config.pbtxt` that Triton cannot auto-complete (auto-complete off, or a backend without it).',
      why: refused,
      howToFix: 'Add a config.pbtxt (the "Generate config.pbtxt" command writes one for ONNX models).',
    },
  },
  {
    id: 'triton/model-name',
    check: 'folder',
    defaultSeverity: 'warning',
    docs: {
      summary: "The config's `name` differs from the folder name Triton serves the model under.",
      why: 'Clients must call the model by its folder name; the name in the config misleads whoever reads it.',
      howToFix: 'Make `name` equal to the folder name, or remove `name`.',
    },
  },
  {
    id: 'triton/version-policy',
    check: 'folder',
    defaultSeverity: 'error',
    docs: {
      summary: 'No version folder selected by the version policy, or a specific version without its folder.',
      why: refused,
      howToFix: 'Add the numeric version folder, or change `version_policy` to select an existing one.',
    },
  },
  {
    id: 'triton/layout',
    check: 'folder',
    defaultSeverity: 'info',
    docs: {
      summary: 'A non-numeric sub-folder of a model folder, which Triton ignores.',
      why: 'A model placed in such a folder (e.g. `v1/`) is never loaded.',
      howToFix: 'Put model versions in numeric folders (`1/`, `2/`); keep other files elsewhere if unintended.',
    },
  },
  {
    id: 'triton/model-file',
    check: 'folder',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A selected version folder without the model file the backend loads (or `default_model_filename`); warning for `cc_model_filenames` naming absent files.',
      why: refused,
      howToFix: 'Add the model file (`model.onnx`, `model.plan`, ...) to the version folder, or fix the file name.',
    },
  },
] as const satisfies readonly TritonRule[];
