// Small models whose validity depends on the input shapes, for the profile corner checks (onnx helper API source,
// see test/rules/build_models.py).

/**
 * A 512-row position table sliced to the sequence length and reshaped to [seq, 64]: past 512 the Slice clamps and
 * the Reshape changes the volume (BERT's max_position_embeddings against a too-wide profile).
 */
export const POSITION_TABLE = `m = model([
  h.make_node('Shape', ['x'], ['s'], name='shape'),
  h.make_node('Gather', ['s', 'one'], ['seq'], name='seq_len', axis=0),
  h.make_node('Unsqueeze', ['seq', 'zero'], ['seq1'], name='seq_1d'),
  h.make_node('Slice', ['table', 'zero', 'seq1', 'zero'], ['pe'], name='slice_table'),
  h.make_node('Concat', ['seq1', 'width'], ['pe_shape'], name='pe_shape', axis=0),
  h.make_node('Reshape', ['pe', 'pe_shape'], ['pe2'], name='reshape_pe'),
  h.make_node('Add', ['x', 'pe2'], ['y'], name='add_pe')],
  [vi('x', shape=['batch', 'seq', 64])], [vi('y', shape=['batch', 'seq', 64])],
  [const('table', np.random.RandomState(0).rand(512, 64)), const('one', 1, np.int64), const('zero', [0], np.int64),
   const('width', [64], np.int64)])`;

/** The same table added to x without the Reshape: past 512 rows [batch, seq, 64] + [512, 64] does not broadcast. */
export const POSITION_BROADCAST = `m = model([
  h.make_node('Shape', ['x'], ['s'], name='shape'),
  h.make_node('Slice', ['s', 'one', 'two', 'zero'], ['seq1'], name='seq_len'),
  h.make_node('Slice', ['table', 'zero', 'seq1', 'zero'], ['pe'], name='slice_table'),
  h.make_node('Add', ['x', 'pe'], ['y'], name='add_pe')],
  [vi('x', shape=['batch', 'seq', 64])], [vi('y', shape=['batch', 'seq', 64])],
  [const('table', np.random.RandomState(0).rand(512, 64)), const('zero', [0], np.int64), const('one', [1], np.int64),
   const('two', [2], np.int64)])`;

/** x[:, 2:]: empty (a dim of 0) when the sequence has 2 steps or fewer. */
export const SKIP_TWO = `m = model([h.make_node('Slice', ['x', 'two', 'end', 'one'], ['y'], name='skip_two')],
  [vi('x', shape=['batch', 'seq', 8])], [vi('y', shape=['batch', None, 8])],
  [const('two', [2], np.int64), const('end', [2**62], np.int64), const('one', [1], np.int64)])`;

/** x[:, 5]: out of range when the sequence has 5 steps or fewer. */
export const GATHER_FIFTH = `m = model([h.make_node('Gather', ['x', 'five'], ['y'], name='fifth', axis=1)],
  [vi('x', shape=['batch', 'seq', 8])], [vi('y', shape=['batch', 8])], [const('five', 5, np.int64)])`;
