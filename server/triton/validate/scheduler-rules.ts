// Triton core's checks on a configuration's schedulers: dynamic batching (preferred sizes, priorities, queue
// policies) and sequence batching (control tensors, state, the Oldest strategy).
import { type CMessage, has, str, num, bool, msg, msgs, nums, mapEntries, spanOf, nameSpanOf, written } from './config';
import type { Report } from './diagnostic';

export function checkDynamicBatching(config: CMessage, name: string, maxBatch: number, err: Report): void {
  const db = msg(config, 'dynamic_batching');
  if (!db) return;
  if (maxBatch === 0) {
    err(
      'triton/dynamic-batching',
      `dynamic batching is set but max_batch_size is 0 for ${name}: the model does not batch, so requests are never combined`,
      nameSpanOf(config, 'dynamic_batching'),
      'warning',
    );
  }
  for (const size of nums(db, 'preferred_batch_size')) {
    if (size < 1)
      err(
        'triton/dynamic-batching',
        `dynamic batching preferred size must be positive for ${name}`,
        spanOf(db, 'preferred_batch_size'),
      );
    else if (maxBatch > 0 && size > maxBatch)
      err(
        'triton/dynamic-batching',
        `dynamic batching preferred size must be <= max batch size for ${name} (preferred ${size} > max_batch_size ${maxBatch})`,
        spanOf(db, 'preferred_batch_size'),
      );
  }
  const levels = num(db, 'priority_levels');
  if (levels > 0) {
    const def = num(db, 'default_priority_level');
    if (def < 1 || def > levels)
      err(
        'triton/dynamic-batching',
        `default priority level must be in range [1, ${levels}] for ${name}`,
        has(db, 'default_priority_level') ? spanOf(db, 'default_priority_level') : spanOf(db, 'priority_levels'),
      );
    for (const { key, entry } of mapEntries(db, 'priority_queue_policy')) {
      const level = Number(key);
      if (level < 1 || level > levels)
        err(
          'triton/dynamic-batching',
          `priority queue policy must have priority level in range [1, ${levels}] for ${name}`,
          spanOf(entry, 'key'),
        );
    }
  } else if (has(db, 'priority_queue_policy')) {
    err(
      'triton/dynamic-batching',
      `priority queue policy must have priority level in range [1, 0] for ${name}: set 'priority_levels' first`,
      nameSpanOf(db, 'priority_queue_policy'),
    );
  }
  if (bool(db, 'preserve_ordering')) {
    if (levels > 1)
      err(
        'triton/dynamic-batching',
        `Only one priority level is allowed when 'preserve_ordering' is true for ${name}`,
        spanOf(db, 'priority_levels'),
      );
    const policies = [
      msg(db, 'default_queue_policy'),
      ...mapEntries(db, 'priority_queue_policy').map((e) => (typeof e.value === 'object' ? e.value : undefined)),
    ];
    for (const policy of policies) {
      // A DELAY action only matters with a timeout: without one nothing is ever delayed.
      if (policy && str(policy, 'timeout_action') === 'DELAY' && num(policy, 'default_timeout_microseconds') !== 0) {
        err(
          'triton/dynamic-batching',
          `Queue policy can not have DELAY as timeout action when 'preserve_ordering' is true for ${name}`,
          spanOf(policy, 'timeout_action'),
        );
      }
    }
  }
}

export function checkSequenceBatching(config: CMessage, name: string, maxBatch: number, err: Report): void {
  const sb = msg(config, 'sequence_batching');
  if (!sb) return;
  const seenKinds = new Map<string, number>();
  const seenTensors = new Set<string>();
  for (const ci of msgs(sb, 'control_input')) {
    const tensor = str(ci, 'name');
    if (!written(ci, 'name'))
      err('triton/sequence-batching', `sequence batching control tensor must have a name for ${name}`, spanOf(ci));
    else if (seenTensors.has(tensor))
      err(
        'triton/sequence-batching',
        `sequence batching control tensor '${tensor}' is specified for multiple control kinds for ${name}`,
        spanOf(ci, 'name'),
      );
    seenTensors.add(tensor);
    for (const control of msgs(ci, 'control')) {
      const kind = str(control, 'kind') || 'CONTROL_SEQUENCE_START';
      seenKinds.set(kind, (seenKinds.get(kind) ?? 0) + 1);
      if (seenKinds.get(kind) === 2)
        err(
          'triton/sequence-batching',
          `sequence batching specifies multiple ${kind} tensors for ${name}`,
          spanOf(control, 'kind'),
        );
      const lists = ['int32_false_true', 'fp32_false_true', 'bool_false_true'].filter((f) => has(control, f));
      if (kind === 'CONTROL_SEQUENCE_CORRID') {
        if (lists.length > 0)
          err(
            'triton/sequence-batching',
            `sequence batching must not specify either 'int32_false_true', 'fp32_false_true' or 'bool_false_true' for ${kind} for ${name}`,
            spanOf(control, lists[0]),
          );
        const dt = str(control, 'data_type');
        if (!['TYPE_UINT64', 'TYPE_INT64', 'TYPE_UINT32', 'TYPE_INT32', 'TYPE_STRING'].includes(dt)) {
          err(
            'triton/sequence-batching',
            `sequence batching must specify 'data_type' as TYPE_UINT64, TYPE_INT64, TYPE_UINT32, TYPE_INT32 or TYPE_STRING for ${kind} for ${name}`,
            has(control, 'data_type') ? spanOf(control, 'data_type') : spanOf(control, 'kind'),
          );
        }
      } else {
        if (lists.length !== 1) {
          err(
            'triton/sequence-batching',
            `sequence batching must specify exactly one of 'int32_false_true', 'fp32_false_true' or 'bool_false_true' for ${kind} for ${name}`,
            spanOf(control, 'kind'),
          );
        } else {
          const count = control.fields.get(lists[0])?.values.length ?? 0;
          if (count !== 2)
            err(
              'triton/sequence-batching',
              `sequence batching control '${lists[0]}' must have exactly 2 entries for ${kind} for ${name}`,
              spanOf(control, lists[0]),
            );
        }
        if (has(control, 'data_type'))
          err(
            'triton/sequence-batching',
            `sequence batching must not specify 'data_type' for ${kind} for ${name}`,
            spanOf(control, 'data_type'),
          );
      }
    }
  }
  for (const state of msgs(sb, 'state')) {
    if (!str(state, 'input_name') || !str(state, 'output_name'))
      err(
        'triton/sequence-batching',
        `sequence batching state must specify both 'input_name' and 'output_name' for ${name}`,
        spanOf(state),
      );
    if (!written(state, 'data_type') || str(state, 'data_type') === 'TYPE_INVALID')
      err(
        'triton/sequence-batching',
        `sequence batching state '${str(state, 'input_name')}' must specify 'data_type' for ${name}`,
        spanOf(state),
      );
    if (nums(state, 'dims').some((d) => d !== -1 && d < 1))
      err(
        'triton/sequence-batching',
        `sequence batching state '${str(state, 'input_name')}' dimension must be integer >= 1, or -1 to indicate a variable-size dimension for ${name}`,
        spanOf(state, 'dims'),
      );
  }
  const oldest = msg(sb, 'oldest');
  for (const size of nums(oldest, 'preferred_batch_size')) {
    if (size <= 0)
      err(
        'triton/sequence-batching',
        `sequence batching preferred batch size must be positive for ${name}`,
        spanOf(oldest!, 'preferred_batch_size'),
      );
    else if (size > maxBatch)
      err(
        'triton/sequence-batching',
        `sequence batching preferred batch size must be <= max batch size for ${name}`,
        spanOf(oldest!, 'preferred_batch_size'),
      );
  }
  const direct = msg(sb, 'direct');
  const utilization = num(direct, 'minimum_slot_utilization');
  if (direct && (utilization < 0 || utilization > 1)) {
    err(
      'triton/sequence-batching',
      `sequence batching minimum slot utilization must be in range (0.0, 1.0] for ${name}`,
      spanOf(direct, 'minimum_slot_utilization'),
    );
  }
}
