// Config templates: TensorRT-LLM's model repositories ship config.pbtxt files with `${name}` placeholders that its
// fill_template.py replaces (Python string.Template syntax). Such a file is not a config yet: it gets one finding
// naming its placeholders instead of the syntax errors and follow-on findings the raw text would produce.

export interface Placeholder {
  name: string;
  start: number;
  end: number;
}

/** `${name}` placeholders of the text, bare (`max_batch_size: ${n}`) or inside a string value (`"${engine_dir}"`). */
export function templatePlaceholders(text: string): Placeholder[] {
  return [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g)].map((m) => ({
    name: m[1],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

export function describeTemplate(placeholders: Placeholder[]): string {
  const names = [...new Set(placeholders.map((p) => p.name))];
  const shown = names.slice(0, 8).map((n) => '${' + n + '}');
  const more = names.length > shown.length ? ` and ${names.length - shown.length} more` : '';
  return `this config is a template with ${names.length} placeholder(s) (${shown.join(', ')}${more}): Triton cannot load it until they are filled (e.g. by TensorRT-LLM's tools/fill_template.py); the other checks wait for the filled file`;
}
