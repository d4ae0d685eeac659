// TensorProto and SparseTensorProto: name, type, dims and where each payload lies in the file. Payloads are
// skipped, never decoded, except raw values small enough to be shape constants (read as the reader passes them).
import { bytesForElements, dataTypeName } from './data-types';
import type { ExternalDataRef, OnnxSparseTensor, OnnxTensor, PayloadField, TensorPayload } from './model';
import type { ProtoCursor } from './proto-cursor';
import { name, numberRun, scalar, spanOf, str, sub } from './read-fields';
import { MAX_INTERNED_KEY_BYTES } from './read-node';
import { NUMBER_READERS } from './tensor-values';

const LENGTH_DELIMITED = 2;

const PAYLOAD_FIELDS: Record<number, PayloadField> = {
  4: 'float_data',
  5: 'int32_data',
  6: 'string_data',
  7: 'int64_data',
  9: 'raw_data',
  10: 'double_data',
  11: 'uint64_data',
};

/** Raw payloads up to this size (shape constants, axes, indices, scalars) are decoded while the reader passes them. */
const SMALL_VALUE_BYTES = 64;
type ValueReader = [width: number, read: (buf: Buffer, at: number) => number];
/** Per element type, as tensor-values.ts decodes raw data (INT64 as hi * 2^32 + lo: exact below 2^53). */
const SMALL_VALUE_READERS: Record<string, ValueReader> = {
  ...NUMBER_READERS,
  INT64: [8, (b, at) => b.readInt32LE(at + 4) * 2 ** 32 + b.readUInt32LE(at)],
};

export function readTensor(c: ProtoCursor, end: number): OnnxTensor {
  const tensor: OnnxTensor = {
    name: '',
    elemType: 'UNDEFINED',
    dims: [],
    byteSize: 0,
    payloads: [],
    span: spanOf(c, end),
  };
  let external: ExternalDataRef | undefined;
  let dataLocation = 0;
  let values: number[] | undefined;
  let valuesType = '';
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    const payloadField = PAYLOAD_FIELDS[field];
    if (payloadField) {
      tensor.payloads = recordPayload(c, tag, end, payloadField, tensor.payloads);
      const reader = field === 9 ? SMALL_VALUE_READERS[tensor.elemType] : undefined;
      const payload = tensor.payloads[0];
      if (reader && tensor.payloads.length === 1 && payload.chunks === 1 && payload.length <= SMALL_VALUE_BYTES) {
        values = c.fixedValues(payload.offset, payload.length, reader[0], reader[1]);
        valuesType = tensor.elemType;
      } else values = undefined;
      continue;
    }
    switch (field) {
      case 1:
        tensor.dims = numberRun(c, tag, end, tensor.dims);
        break;
      case 2:
        tensor.elemType = dataTypeName(scalar(c, wire, end));
        break;
      case 8:
        tensor.name = name(c, wire, end);
        break;
      case 12:
        tensor.docString = str(c, wire, end);
        break;
      case 13:
        readExternalEntry(c, sub(c, wire, end), (external ??= { location: '', offset: 0 }));
        break;
      case 14:
        dataLocation = scalar(c, wire, end);
        break;
      default:
        c.skip(wire, end);
    }
  }
  c.leave();
  let elements = 1;
  for (let i = 0; i < tensor.dims.length; i++) elements *= tensor.dims[i];
  tensor.byteSize = bytesForElements(tensor.elemType, elements);
  if (dataLocation === 1) tensor.external = external ?? { location: '', offset: 0 };
  if (values && tensor.elemType === valuesType && tensor.payloads.length === 1) tensor.values = values;
  return tensor;
}

/**
 * Payloads are skipped, never decoded: only their position and size are kept, appended to `into`; returns the list
 * (a tensor's first payload makes a list of exactly one, not a pushed-to list with room for sixteen).
 */
function recordPayload(
  c: ProtoCursor,
  tag: number,
  end: number,
  field: PayloadField,
  into: TensorPayload[],
): TensorPayload[] {
  const start = c.pos;
  let offset = start;
  let chunks = 1;
  if ((tag & 7) === LENGTH_DELIMITED) {
    const payloadEnd = c.delimited(end);
    offset = c.pos;
    c.pos = payloadEnd;
  } else {
    // Unpacked scalars (legal protobuf, rare in ONNX files): their run counts as one range, tags included.
    c.skip(tag & 7, end);
    while (c.nextTagIs(tag, end)) {
      c.skip(tag & 7, end);
      chunks++;
    }
  }
  const length = c.pos - offset;
  if (into.length === 0) return [{ field, offset, length, chunks }];
  const last = into[into.length - 1];
  if (last.field === field) {
    last.length += length;
    last.chunks += chunks;
  } else into.push({ field, offset, length, chunks });
  return into;
}

/**
 * One external_data entry applied to `ref`, as a StringEntry of it would be (`Number(value)` for offset and length),
 * without keeping the entry: offsets and lengths in plain decimal are read as numbers without a string.
 */
function readExternalEntry(c: ProtoCursor, end: number, ref: ExternalDataRef): void {
  let key = '';
  let value: string | number = '';
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    if (field === 1) {
      c.expectWire(tag & 7, LENGTH_DELIMITED);
      key = c.string(end, MAX_INTERNED_KEY_BYTES);
    } else if (field === 2) {
      c.expectWire(tag & 7, LENGTH_DELIMITED);
      value =
        (key === 'offset' || key === 'length' ? c.decimal(end) : undefined) ?? c.string(end, MAX_INTERNED_KEY_BYTES);
    } else c.skip(tag & 7, end);
  }
  c.leave();
  // A number stands for its own decimal text (decimal() takes no leading zeros), so String() gives the text back.
  if (key === 'location') ref.location = String(value);
  else if (key === 'offset') ref.offset = Number(value);
  else if (key === 'length') ref.length = Number(value);
  else if (key === 'checksum') ref.checksum = String(value);
}

export function readSparseTensor(c: ProtoCursor, end: number): OnnxSparseTensor {
  const sparse: OnnxSparseTensor = { name: '', dims: [], span: spanOf(c, end) };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) sparse.values = readTensor(c, sub(c, wire, end));
    else if (field === 2) sparse.indices = readTensor(c, sub(c, wire, end));
    else if (field === 3) sparse.dims = numberRun(c, tag, end, sparse.dims);
    else c.skip(wire, end);
  }
  c.leave();
  sparse.name = sparse.values?.name ?? '';
  return sparse;
}
