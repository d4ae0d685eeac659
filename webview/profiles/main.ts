// The dynamic-shape profiles form (browser only): pick a strategy, edit min/opt/max per input and profile, see the
// trtexec flags and the Triton stanza the server computes, save to .modelready.json, apply to config.pbtxt.
// It holds no logic of its own beyond parsing "1x3x224" fields: every check and output comes from the server
// (through the extension, which validates each message). Model strings are only ever set as textContent.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { Profile, ShapeRange } from '../../server/contract/shape-profiles';
import type { ProfileStrategy } from '../../server/contract/shape-profiles';
import type { ProfilesHostMessage, ProfilesView, ProfilesViewMessage } from '../../server/contract/shape-profiles';
import { custom, el } from '../shared/dom';

declare function acquireVsCodeApi(): { postMessage(message: ProfilesViewMessage): void };
const vscode = acquireVsCodeApi();

const STRATEGIES: { value: ProfileStrategy; label: string }[] = [
  { value: 'dynamic', label: 'dynamic (batch 1 / 8 / 32)' },
  { value: 'min-latency', label: 'min-latency (1 / 1 / 1)' },
  { value: 'max-throughput', label: 'max-throughput (1 / BS / BS)' },
  { value: 'static', label: 'static (BS / BS / BS)' },
];

interface SelectElement extends HTMLElement {
  value: string;
}
interface FieldElement extends HTMLElement {
  value: string;
  invalid: boolean;
}

const state = {
  view: undefined as ProfilesView | undefined,
  profiles: [] as Profile[],
  current: 0,
  /** What the next `profiles/view` answers: the first load, a proposal replacing the profiles, or one to append. */
  pending: 'load' as 'load' | 'replace' | 'append',
  backend: 'tensorrt' as 'tensorrt' | 'onnxruntime',
};

function select(
  id: string,
  options: { value: string; label: string }[],
  value: string,
  onChange: (v: string) => void,
): SelectElement {
  const s = custom<SelectElement>('vscode-single-select', { id });
  for (const o of options) {
    const option = custom('vscode-option', { value: o.value }, o.label);
    if (o.value === value) option.setAttribute('selected', '');
    s.append(option);
  }
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function button(id: string, label: string, onClick: () => void, secondary = false): HTMLElement {
  const b = custom('vscode-button', secondary ? { id, secondary: '' } : { id }, label);
  b.addEventListener('click', onClick);
  return b;
}

const dimsText = (dims: number[]) => (dims.length === 0 ? 'scalar' : dims.join('x'));

/** "1x3x224x224" -> dims; "scalar" or "" -> []; anything else -> undefined. */
function parseDims(text: string): number[] | undefined {
  const t = text.trim();
  if (t === '' || t === 'scalar') return [];
  if (!/^\d+(x\d+)*$/.test(t)) return undefined;
  return t.split('x').map(Number);
}

let previewTimer: ReturnType<typeof setTimeout> | undefined;
function schedulePreview(): void {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(() => vscode.postMessage({ type: 'profiles/preview', profiles: state.profiles }), 250);
}

function setStatus(text: string, problems: string[] = []): void {
  const status = document.getElementById('status')!;
  status.textContent = text;
  const list = document.getElementById('status-problems')!;
  list.replaceChildren(...problems.map((p) => el('li', p)));
}

function renderProfileTable(container: HTMLElement, view: ProfilesView): void {
  const profile = state.profiles[state.current];
  const table = el('table');
  const head = el('tr');
  for (const h of ['input', 'model shape', 'min', 'opt', 'max']) head.append(el('th', h));
  table.append(head);
  for (const input of view.inputs) {
    const row = el('tr');
    row.append(
      el('td', input.name),
      el(
        'td',
        input.shape ? `[${input.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]` : 'rank unknown',
        'static',
      ),
    );
    const range = profile?.[input.name];
    if (!range) {
      const cell = el('td', 'static: no range needed', 'static');
      cell.colSpan = 3;
      row.append(cell);
    } else {
      for (const k of ['min', 'opt', 'max'] as const) {
        const field = custom<FieldElement>('vscode-textfield', {
          'data-input': input.name,
          'data-kind': k,
          'aria-label': `${input.name} ${k}`,
        });
        field.value = dimsText(range[k]);
        field.addEventListener('input', () => {
          const dims = parseDims(field.value);
          field.invalid = dims === undefined;
          if (dims === undefined) return;
          (profile[input.name] as ShapeRange)[k] = dims;
          schedulePreview();
        });
        const cell = el('td');
        cell.append(field);
        row.append(cell);
      }
    }
    table.append(row);
  }
  container.append(table);
}

function renderOutputs(container: HTMLElement, view: ProfilesView): void {
  const out = view.outputs;
  container.replaceChildren();
  container.append(el('h2', 'trtexec flags'), el('pre', out.trtexecShell ?? '(none)', 'trtexec'));
  const stanza = state.backend === 'onnxruntime' ? out.tritonOnnxruntime : out.tritonTensorrt;
  container.append(
    el(
      'h2',
      state.backend === 'onnxruntime'
        ? 'Triton: ONNX Runtime with the TensorRT execution provider'
        : 'Triton: TensorRT plan',
    ),
    el('pre', stanza ?? '(none)', 'stanza'),
  );
  const problems = el('ul', undefined, 'problems');
  problems.id = 'problems';
  problems.append(...[...view.problems, ...out.errors].map((p) => el('li', p)));
  const notes = el('ul', undefined, 'notes');
  notes.append(...view.notes.map((n) => el('li', n)));
  container.append(problems, notes);
}

function render(): void {
  const view = state.view;
  const app = document.getElementById('app')!;
  app.replaceChildren();
  if (!view) {
    app.append(el('p', 'Loading…'));
    return;
  }
  app.append(
    el('h1', `Dynamic-shape profiles: ${view.modelKey}`),
    el(
      'p',
      `Saved in ${view.configFile}${view.saved.length ? ` (${view.saved.length} profile(s) saved)` : ' (none saved yet)'}`,
      'static',
    ),
  );
  if (view.dims.length === 0) {
    app.append(el('p', 'This model has no dynamic input dimension: TensorRT needs no optimization profile for it.'));
    return;
  }
  let strategy: ProfileStrategy = view.strategies[0] ?? 'dynamic';
  const toolbar = el('div', undefined, 'toolbar');
  toolbar.append(
    select('strategy', STRATEGIES, strategy, (v) => (strategy = v as ProfileStrategy)),
    button('propose', 'Propose', () => {
      state.pending = 'replace';
      vscode.postMessage({ type: 'profiles/propose', strategies: [strategy] });
    }),
    button(
      'add-profile',
      'Add profile',
      () => {
        state.pending = 'append';
        vscode.postMessage({ type: 'profiles/propose', strategies: [strategy] });
      },
      true,
    ),
  );
  app.append(toolbar);

  const profileBar = el('div', undefined, 'toolbar');
  profileBar.append(
    select(
      'profile',
      state.profiles.map((_, i) => ({ value: String(i), label: `Profile ${i}` })),
      String(state.current),
      (v) => {
        state.current = Number(v);
        render();
      },
    ),
  );
  if (state.profiles.length > 1) {
    profileBar.append(
      button(
        'remove-profile',
        'Remove this profile',
        () => {
          state.profiles.splice(state.current, 1);
          state.current = Math.max(0, state.current - 1);
          render();
          schedulePreview();
        },
        true,
      ),
    );
  }
  app.append(profileBar);
  renderProfileTable(app, view);

  const actions = el('div', undefined, 'toolbar');
  actions.append(
    button('save', 'Save to .modelready.json', () =>
      vscode.postMessage({ type: 'profiles/save', profiles: state.profiles }),
    ),
    select(
      'backend',
      [
        { value: 'tensorrt', label: 'TensorRT plan' },
        { value: 'onnxruntime', label: 'ONNX Runtime + TensorRT EP' },
      ],
      state.backend,
      (v) => {
        state.backend = v === 'onnxruntime' ? 'onnxruntime' : 'tensorrt';
        renderOutputs(document.getElementById('outputs')!, state.view!);
      },
    ),
  );
  if (view.tritonConfigUri)
    actions.append(
      button(
        'apply',
        'Apply to config.pbtxt',
        () => vscode.postMessage({ type: 'profiles/applyToConfig', profiles: state.profiles, backend: state.backend }),
        true,
      ),
    );
  app.append(actions);
  const status = el('p', '', 'status');
  status.id = 'status';
  const statusProblems = el('ul', undefined, 'problems');
  statusProblems.id = 'status-problems';
  app.append(status, statusProblems);
  const outputs = el('div');
  outputs.id = 'outputs';
  app.append(outputs);
  renderOutputs(outputs, view);
}

window.addEventListener('message', (event: MessageEvent<ProfilesHostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'profiles/view': {
      const view = message.view;
      if (state.pending === 'append') {
        state.profiles.push(...structuredClone(view.proposal));
        state.current = state.profiles.length - 1;
      } else if (state.pending === 'replace') {
        state.profiles = structuredClone(view.proposal);
        state.current = 0;
      } else {
        state.profiles = structuredClone(view.saved.length ? view.saved : view.proposal);
        if (view.tritonBackend) state.backend = view.tritonBackend;
      }
      state.view = view;
      render();
      if (state.pending !== 'load') schedulePreview();
      state.pending = 'load';
      break;
    }
    case 'profiles/result':
      state.view = message.view;
      renderOutputs(document.getElementById('outputs')!, message.view);
      setStatus(message.message);
      break;
    case 'profiles/error':
      setStatus(message.message, message.problems);
      break;
  }
});

render();
vscode.postMessage({ type: 'profiles/ready' });
