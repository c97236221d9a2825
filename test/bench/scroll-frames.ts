// Scrolling a virtualised view in the page, timed frame by frame: wheel-like steps of 120 px with
// a far jump every 40 frames (dragging the thumb), 240 frames. Runs inside the page (passed to
// page.evaluate), so it uses nothing from outside its arguments.

export interface ScrollFrames {
  median: number;
  p95: number;
  frames: number;
  /** The most items (rows, arrows) in the DOM at once. */
  maxItems: number;
  /** Placeholders seen while items were fetched, summed over the frames. */
  placeholders: number;
}

export async function scrollFrames({ viewport: viewportSelector, items, placeholder }: { viewport: string; items: string; placeholder?: string }): Promise<ScrollFrames> {
  const viewport = document.querySelector(viewportSelector) as HTMLElement;
  const frames: number[] = [];
  let last = performance.now();
  let maxItems = 0;
  let placeholders = 0;
  for (let i = 0; i < 240; i++) {
    viewport.scrollTop = i % 40 === 0 ? Math.random() * (viewport.scrollHeight - viewport.clientHeight) : viewport.scrollTop + 120;
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    frames.push(now - last);
    last = now;
    maxItems = Math.max(maxItems, viewport.querySelectorAll(items).length);
    if (placeholder) placeholders += viewport.querySelectorAll(placeholder).length;
  }
  frames.sort((a, b) => a - b);
  return { median: frames[Math.floor(frames.length / 2)], p95: frames[Math.floor(frames.length * 0.95)], frames: frames.length, maxItems, placeholders };
}
