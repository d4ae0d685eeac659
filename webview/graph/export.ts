// Export of the view: the scene as SVG text in the theme's colours, or that SVG drawn into a PNG data URL.
import type { Scene } from '../../common/graph-drawing/scene';
import { sceneToSvg, LIGHT_PALETTE, type SvgPalette } from '../../common/graph-drawing/svg';
import { cssVar } from '../shared/dom';

export function sceneSvgText(scene: Scene, themed: Element, title: string | undefined): string {
  const v = (name: string, fallback: string): string => cssVar(themed, name, fallback);
  const palette: SvgPalette = {
    ...LIGHT_PALETTE,
    background: v('--vscode-editor-background', LIGHT_PALETTE.background),
    text: v('--vscode-editor-foreground', LIGHT_PALETTE.text),
    muted: v('--vscode-descriptionForeground', LIGHT_PALETTE.muted),
    severity: {
      error: v('--graph-error', LIGHT_PALETTE.severity.error),
      warning: v('--graph-warning', LIGHT_PALETTE.severity.warning),
      info: v('--graph-info', LIGHT_PALETTE.severity.info),
    },
  };
  return sceneToSvg(scene, palette, title);
}

export async function svgToPngDataUrl(svg: string): Promise<string> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise((resolve, reject) => {
      image.onload = resolve;
      image.onerror = () => reject(new Error('the SVG could not be drawn'));
      image.src = url;
    });
    // Browsers cap canvas size; big graphs are scaled down to fit.
    const scale = Math.min(2, 8192 / Math.max(image.width, image.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(image.width * scale));
    canvas.height = Math.max(1, Math.round(image.height * scale));
    canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Posts the PNG of `svg`, or reports why it could not be made (the canvas refused it). */
export async function exportPng(
  svg: string,
  post: (data: string) => void,
  report: (text: string) => void,
): Promise<void> {
  try {
    post(await svgToPngDataUrl(svg));
  } catch (error) {
    report(`PNG export failed: ${String(error)}`);
  }
}
