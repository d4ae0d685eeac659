// Generates server/triton/schema/model_config.schema.json from Triton's protobuf/model_config.proto
// (triton-inference-server/common). The .proto is an input, not part of this repository:
//   node scripts/gen-triton-schema.mjs path/to/model_config.proto <upstream-commit> > server/triton/schema/model_config.schema.json
// It reads the facts the validator needs (messages, fields with numbers/types/labels, maps, oneofs, enums);
// run it on a newer proto to absorb new fields.
import fs from 'node:fs';

const [protoPath, commit] = process.argv.slice(2);
if (!protoPath || !commit) {
  console.error('usage: node scripts/gen-triton-schema.mjs <model_config.proto> <upstream commit sha>');
  process.exit(2);
}
const source = fs.readFileSync(protoPath, 'utf8');

// Tokens: identifiers (with dots), numbers, strings, single-character symbols; comments dropped.
const tokens = [];
{
  const re =
    /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][\w.]*)|(-?\d[\w.]*)|([^\s])/gy;
  let m;
  while ((m = re.exec(source)) !== null) {
    const t = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (t !== undefined) tokens.push(t);
  }
}
let pos = 0;
const peek = () => tokens[pos];
const next = () => tokens[pos++];
const expect = (t) => {
  const got = next();
  if (got !== t) throw new Error(`${protoPath}: expected '${t}' but found '${got}' (token ${pos})`);
};
const skipStatement = () => {
  while (peek() !== ';' && peek() !== undefined) next();
  next();
};
/** Skips `[option = value, ...]` after a field or enum value; returns the options as an object. */
const readFieldOptions = () => {
  const options = {};
  if (peek() !== '[') return options;
  next();
  while (peek() !== ']') {
    const key = next();
    expect('=');
    options[key] = next();
    if (peek() === ',') next();
  }
  next();
  return options;
};

const SCALARS = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);
let pkg = '';
const messages = {};
const enums = {};

function parseEnum(scope) {
  const name = next();
  const full = `${scope}.${name}`;
  const values = [];
  expect('{');
  while (peek() !== '}') {
    const t = next();
    if (t === 'option' || t === 'reserved') {
      skipStatement();
      continue;
    }
    expect('=');
    const number = Number(next());
    const options = readFieldOptions();
    expect(';');
    values.push({ name: t, number, ...(options.deprecated === 'true' ? { deprecated: true } : {}) });
  }
  next();
  enums[full] = { values };
}

function parseMessage(scope) {
  const name = next();
  const full = `${scope}.${name}`;
  const message = { fields: [], oneofs: [] };
  messages[full] = message;
  expect('{');
  parseBody(full, message, undefined);
  return full;
}

function parseBody(full, message, oneof) {
  while (peek() !== '}') {
    const t = peek();
    if (t === 'message') {
      next();
      parseMessage(full);
    } else if (t === 'enum') {
      next();
      parseEnum(full);
    } else if (t === 'oneof') {
      next();
      const oneofName = next();
      message.oneofs.push(oneofName);
      expect('{');
      parseBody(full, message, oneofName);
    } else if (t === 'option' || t === 'reserved' || t === 'extensions') {
      skipStatement();
    } else if (t === ';') {
      next();
    } else {
      let label = 'optional';
      if (t === 'repeated' || t === 'optional' || t === 'required') label = next();
      let type = next();
      let map;
      if (type === 'map') {
        expect('<');
        const keyType = next();
        expect(',');
        const valueType = next();
        expect('>');
        map = { keyType, valueType };
        label = 'repeated';
        type = undefined;
      }
      const fieldName = next();
      expect('=');
      const number = Number(next());
      const options = readFieldOptions();
      expect(';');
      message.fields.push({
        name: fieldName,
        number,
        label,
        ...(map ? { map } : { type }),
        ...(oneof ? { oneof } : {}),
        ...(options.deprecated === 'true' ? { deprecated: true } : {}),
        scope: full,
      });
    }
  }
  next();
}

while (pos < tokens.length) {
  const t = next();
  if (t === 'syntax' || t === 'option' || t === 'import') skipStatement();
  else if (t === 'package') {
    pkg = next();
    expect(';');
  } else if (t === 'message') parseMessage(pkg);
  else if (t === 'enum') parseEnum(pkg);
  else if (t === 'service') throw new Error('services are not expected in model_config.proto');
}

/** Resolves a type name the way protoc does: innermost scope first, then outwards. */
function resolve(type, scope) {
  if (SCALARS.has(type)) return { type };
  const parts = scope.split('.');
  for (let i = parts.length; i >= 0; i--) {
    const candidate = [...parts.slice(0, i), type].join('.');
    if (messages[candidate]) return { type: 'message', typeName: candidate };
    if (enums[candidate]) return { type: 'enum', typeName: candidate };
  }
  throw new Error(`cannot resolve type ${type} in ${scope}`);
}
for (const message of Object.values(messages)) {
  for (const field of message.fields) {
    if (field.map) {
      field.map = { keyType: field.map.keyType, ...renameValue(resolve(field.map.valueType, field.scope)) };
    } else {
      Object.assign(field, resolve(field.type, field.scope));
    }
    delete field.scope;
  }
  if (message.oneofs.length === 0) delete message.oneofs;
}
function renameValue(r) {
  return r.typeName ? { valueType: r.type, valueTypeName: r.typeName } : { valueType: r.type };
}

const schema = {
  $comment: 'Generated by scripts/gen-triton-schema.mjs from Triton model_config.proto. Do not edit by hand.',
  source: { repository: 'triton-inference-server/common', path: 'protobuf/model_config.proto', commit },
  rootMessage: `${pkg}.ModelConfig`,
  messages,
  enums,
};
process.stdout.write(JSON.stringify(schema, null, 1) + '\n');
