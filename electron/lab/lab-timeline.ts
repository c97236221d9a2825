// A lab session as text a teacher reads, in the spirit of packetdrill scripts: each step's time,
// side, call (Python, with C beside it) and result, then the packets it caused and the kernel's
// sockets after it, then the sentence that explains it.

import { formatLabMessage } from './lab-messages.js';
import type { LabKernelSocket, LabStep } from './socket-lab.js';

function kernelLine(k: LabKernelSocket): string {
  const holder = k.owner ? `${k.owner.side} ${k.owner.socket}` : 'kernel only';
  const timer = k.timeWaitSeconds !== undefined ? `  timer ${k.timeWaitSeconds.toFixed(1)} s` : '';
  return `      ${k.protocol.padEnd(3)} ${k.state.padEnd(12)} ${`${k.localAddress}:${k.localPort}`.padEnd(21)} ${`${k.remoteAddress}:${k.remotePort}`.padEnd(21)} Recv-Q ${String(k.recvQ).padStart(3)}  Send-Q ${String(k.sendQ).padStart(3)}  (${holder})${timer}`;
}

/** One step as its block of lines (ending in a blank line); `origin` is when the session's first call began (µs). */
export function labStepText(step: LabStep, origin: number): string {
  const time = ((step.outcome.started - origin) / 1e6).toFixed(6);
  const lines = [
    `${time.padStart(10)}  ${step.side.padEnd(6)}  ${step.code.python}  = ${step.code.pythonResult}`,
    `${''.padStart(18)}C: ${step.code.c}  = ${step.code.cResult}`,
  ];
  for (const p of step.packets) lines.push(`${''.padStart(18)}#${p.number} ${p.sender === 'client' ? '>' : '<'} ${p.protocol} ${p.info}   [${p.comment}]`);
  for (const k of step.kernel) lines.push(kernelLine(k));
  lines.push(`${''.padStart(18)}${formatLabMessage(step.explanation)}`, '', '');
  return lines.join('\n');
}

/** The whole session, one block per step; times are seconds since the first call began. */
export function labTimeline(steps: readonly LabStep[]): string {
  const origin = steps[0]?.outcome.started ?? 0;
  return steps.map((step) => labStepText(step, origin)).join('');
}
