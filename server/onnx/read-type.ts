// ValueInfoProto and TypeProto: tensor, sparse tensor, sequence, optional, map and opaque types, with shapes whose
// dims are numbers, symbolic names or null (unknown).
import { dataTypeName } from './data-types';
import type { Dim, OnnxType, OnnxValueInfo } from './model';
import type { ProtoCursor } from './proto-cursor';
import { name, scalar, str, sub } from './read-fields';

export function readValueInfo(c: ProtoCursor, end: number): OnnxValueInfo {
  const info: OnnxValueInfo = { name: '' };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) info.name = name(c, wire, end);
    else if (field === 2) info.type = readType(c, sub(c, wire, end));
    else if (field === 3) info.docString = str(c, wire, end);
    else c.skip(wire, end);
  }
  c.leave();
  return info;
}

export function readType(c: ProtoCursor, end: number): OnnxType {
  let type: OnnxType = { kind: 'unknown' };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    switch (field) {
      case 1:
        type = readTensorType(c, sub(c, wire, end), 'tensor');
        break;
      case 8:
        type = readTensorType(c, sub(c, wire, end), 'sparse_tensor');
        break;
      case 4:
        type = { kind: 'sequence', elem: readElemType(c, sub(c, wire, end)) };
        break;
      case 9:
        type = { kind: 'optional', elem: readElemType(c, sub(c, wire, end)) };
        break;
      case 5:
        type = readMapType(c, sub(c, wire, end));
        break;
      case 7:
        type = readOpaqueType(c, sub(c, wire, end));
        break;
      default:
        c.skip(wire, end);
    }
  }
  c.leave();
  return type;
}

function readTensorType(c: ProtoCursor, end: number, kind: 'tensor' | 'sparse_tensor'): OnnxType {
  const type: { kind: 'tensor' | 'sparse_tensor'; elemType: string; shape?: Dim[] } = { kind, elemType: 'UNDEFINED' };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) type.elemType = dataTypeName(scalar(c, wire, end));
    else if (field === 2) type.shape = readShape(c, sub(c, wire, end));
    else c.skip(wire, end);
  }
  c.leave();
  return type;
}

/** Dims gather here by index (a shape is never read inside another); no length resets, each a runtime call. */
const dimScratch: Dim[] = [];

function readShape(c: ProtoCursor, end: number): Dim[] {
  let rank = c.dims(end, dimScratch);
  if (rank >= 0) {
    c.leave();
    return dimScratch.slice(0, rank);
  }
  rank = 0;
  while (c.pos < end) {
    const tag = c.tag(end);
    if (tag >>> 3 !== 1) {
      c.skip(tag & 7, end);
      continue;
    }
    const dimEnd = sub(c, tag & 7, end);
    let dim: Dim = null;
    while (c.pos < dimEnd) {
      const dimTag = c.tag(dimEnd);
      const dimField = dimTag >>> 3;
      if (dimField === 1) dim = scalar(c, dimTag & 7, dimEnd);
      else if (dimField === 2) dim = str(c, dimTag & 7, dimEnd);
      else c.skip(dimTag & 7, dimEnd);
    }
    c.leave();
    dimScratch[rank++] = dim;
  }
  c.leave();
  return dimScratch.slice(0, rank);
}

function readElemType(c: ProtoCursor, end: number): OnnxType | undefined {
  let elem: OnnxType | undefined;
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) elem = readType(c, sub(c, wire, end));
    else c.skip(wire, end);
  }
  c.leave();
  return elem;
}

function readMapType(c: ProtoCursor, end: number): OnnxType {
  let keyType = 'UNDEFINED';
  let value: OnnxType | undefined;
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) keyType = dataTypeName(scalar(c, wire, end));
    else if (field === 2) value = readType(c, sub(c, wire, end));
    else c.skip(wire, end);
  }
  c.leave();
  return { kind: 'map', keyType, value };
}

function readOpaqueType(c: ProtoCursor, end: number): OnnxType {
  const type = { kind: 'opaque' as const, domain: '', name: '' };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) type.domain = str(c, wire, end);
    else if (field === 2) type.name = str(c, wire, end);
    else c.skip(wire, end);
  }
  c.leave();
  return type;
}
