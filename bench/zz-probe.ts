import { launchBrowser, openModel, servePage } from '../test/webview/harness';
const C = '/work/shared/corpus/onnx/exported/';
async function main() {
  const served = await servePage();
  const browser = await launchBrowser();
  for (const m of process.argv.slice(2)) {
    const f = C + m + '.onnx';
    const view = await openModel(browser, served, f, { viewport: { width: 1600, height: 1000 } });
    const d = await view.page.evaluate(() => ({ ...document.getElementById('app')!.dataset }));
    console.log(m, 'host', view.hostMs.toFixed(0), 'open', d.openMs, 'first', d.firstPaintMs, 'load', d.loadMs, 'layout', d.layoutMs);
    await view.page.close();
  }
  await browser.close(); await served.close();
}
void main();
