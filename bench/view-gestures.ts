// The graph view benchmarks' gestures in headless Chromium (bench/graph-view.ts, bench/side-by-side-view.ts): pan and
// zoom with the mouse while recording frames and long tasks, and timed wheel steps. `host` is the selector of the
// element holding the graph (the view's canvas host, or one pane of the side-by-side diff); the page has the
// harness's long-task recorder (test/webview/harness.ts, window.__longTasks).
import type { Page } from 'playwright-core';

export const WHEEL_STEPS = 20;
const PAN_REPEATS = 3;

/**
 * Wheel steps over the graph's centre, each timed from dispatching the event (d3-zoom's listener) to the task after
 * the next frame (the frame's callbacks, style, layout and paint done); then the longest task of the whole sequence,
 * which also holds any redraw after the wheel rests.
 */
export async function wheelSteps(
  page: Page,
  host: string,
): Promise<{ max: number; median: number; longestTask: number }> {
  // A string: tsx would add helpers to a named function that do not exist in the page.
  const result = (await page.evaluate(`(async () => {
    const svg = document.querySelector(${JSON.stringify(`${host} svg.graph`)});
    const r = svg.getBoundingClientRect();
    const since = performance.now();
    const steps = [];
    for (let i = 0; i < ${WHEEL_STEPS}; i++) {
      const t0 = performance.now();
      svg.dispatchEvent(new WheelEvent('wheel', { deltaY: i < ${WHEEL_STEPS / 2} ? -120 : 120, deltaMode: 0,
        clientX: r.x + r.width / 2, clientY: r.y + r.height / 2, bubbles: true, cancelable: true }));
      await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
      steps.push(performance.now() - t0);
      await new Promise((done) => setTimeout(done, 40));
    }
    await new Promise((done) => setTimeout(done, 400));
    const tasks = window.__longTasks.filter((t) => t.start >= since).map((t) => t.duration);
    return { steps, longestTask: Math.max(0, ...tasks) };
  })()`)) as { steps: number[]; longestTask: number };
  const sorted = result.steps.slice().sort((a, b) => a - b);
  return {
    max: Math.round(sorted[sorted.length - 1]),
    median: Math.round(sorted[Math.floor(sorted.length / 2)]),
    longestTask: Math.round(result.longestTask),
  };
}

/**
 * The same drag-and-wheel gesture PAN_REPEATS times; per repeat the longest long task (> 50 ms, else 0) and frame
 * gap. The best repeat is the view's own cost: on a shared machine a descheduled process stretches single tasks
 * at random, while a task that is long by itself is long in every repeat. The worst repeat is printed too.
 */
export async function panRepeated(
  page: Page,
  host: string,
): Promise<{ best: number; worst: number; maxFrame: number }> {
  const runs = [];
  for (let i = 0; i < PAN_REPEATS; i++) runs.push(await panAndZoom(page, host));
  const tasks = runs.map((r) => Math.round(r.maxTask));
  return {
    best: Math.min(...tasks),
    worst: Math.max(...tasks),
    maxFrame: Math.round(Math.min(...runs.map((r) => r.maxFrame))),
  };
}

/** Drags and wheels over the graph for a while; returns the longest long task (> 50 ms, else 0) and frame gap. */
async function panAndZoom(page: Page, host: string): Promise<{ maxTask: number; maxFrame: number }> {
  const box = (await page.locator(host).boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // A string: tsx would add helpers to a named function that do not exist in the page.
  const since = (await page.evaluate(`(() => {
    window.__frames = [];
    // One frame recorder per page, however often the gesture runs.
    if (!window.__ticking) {
      window.__ticking = true;
      function tick(t) { window.__frames.push(t); if (window.__frames.length < 100000) requestAnimationFrame(tick); }
      requestAnimationFrame(tick);
    }
    return performance.now();
  })()`)) as number;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 30; i++) await page.mouse.move(cx + Math.sin(i / 5) * 300, cy + i * 8, { steps: 2 });
  await page.mouse.up();
  for (let i = 0; i < 12; i++) {
    await page.mouse.wheel(0, i < 6 ? 240 : -240);
    await page.waitForTimeout(30);
  }
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 30; i++) await page.mouse.move(cx - i * 12, cy - i * 6, { steps: 2 });
  await page.mouse.up();
  await page.waitForTimeout(200);
  return page.evaluate((t0) => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[]; __frames: number[] };
    const tasks = w.__longTasks.filter((t) => t.start >= t0);
    const frames = w.__frames;
    let maxFrame = 0;
    for (let i = 1; i < frames.length; i++) maxFrame = Math.max(maxFrame, frames[i] - frames[i - 1]);
    return { maxTask: Math.max(0, ...tasks.map((t) => t.duration)), maxFrame };
  }, since);
}
