// The Socket Lab as the UI drives it: one lab at a time, its scenario performed call by call
// ('lab.next') or with calls of the student's own ('lab.call'), every change pushed as a view.
// A side blocked in a call (accept() waiting for a client) makes no other call until it returns,
// as a single-threaded program cannot; the other side goes on.

import type { LabCallName, LabCallRequest, LabScenarioName, LabSideName, LabStepView, LabView } from './contract.js';
import { SocketLab, type LabStep } from '../lab/socket-lab.js';
import { callOf, findScenario, type PlannedCall } from '../lab/lab-scenarios.js';
import { formatLabMessage } from '../lab/lab-messages.js';
import { labTimeline } from '../lab/lab-timeline.js';
import type { LabCall } from '../lab/lab-side.js';

function stepView(step: LabStep, origin: number): LabStepView {
  const { outcome } = step;
  return {
    index: step.index,
    side: step.side,
    time: (outcome.started - origin) / 1e6,
    duration: (outcome.ended - outcome.started) / 1e6,
    call: step.call as unknown as LabCallRequest,
    python: step.code.python,
    c: step.code.c,
    pythonResult: step.code.pythonResult,
    cResult: step.code.cResult,
    ok: outcome.ok,
    error: outcome.ok ? undefined : outcome.timeout ? 'timeout' : outcome.code,
    made: outcome.ok && outcome.value && typeof outcome.value === 'object' ? (outcome.value as { socket?: string }).socket : undefined,
    packets: step.packets,
    kernel: step.kernel,
    kernelReadAt: step.kernelReadAt,
    explanation: step.explanation,
    sentence: formatLabMessage(step.explanation),
  };
}

export class LabService {
  private lab: SocketLab | null = null;
  private scenario: LabScenarioName | null = null;
  private plan: PlannedCall[] = [];
  private cursor = 0;
  private readonly running = new Map<LabSideName, LabCall['call']>();

  constructor(private readonly changed: (view: LabView) => void) {}

  view(): LabView {
    const lab = this.lab;
    const next = lab && this.cursor < this.plan.length ? this.plan[this.cursor] : undefined;
    return {
      scenario: this.scenario,
      port: lab?.port ?? 0,
      captureProblem: lab?.captureProblem,
      steps: lab ? lab.steps.map((step) => stepView(step, lab.steps[0].outcome.started)) : [],
      next: next ? { side: next.side, call: next.call.call as LabCallName } : null,
      running: [...this.running].map(([side, call]) => ({ side, call: call as LabCallName })),
    };
  }

  async open(name: LabScenarioName): Promise<LabView> {
    const scenario = findScenario(name);
    if (!scenario) throw new Error(`lab.open: there is no scenario "${name}"`);
    await this.close();
    const lab = await SocketLab.open();
    this.lab = lab;
    this.scenario = name;
    this.plan = scenario.plan(lab.port);
    this.cursor = 0;
    return this.publish();
  }

  /** Performs the scenario's next call. */
  async next(): Promise<LabView> {
    const lab = this.requireLab('lab.next');
    const planned = this.plan[this.cursor];
    if (!planned) throw new Error(`lab.next: the ${this.scenario} scenario is complete; start it again or make calls of your own`);
    this.cursor++;
    return this.perform(lab, planned.side, callOf(planned, lab.steps));
  }

  /** A call of the student's own: to the lab's own ports on loopback only. */
  async call(side: LabSideName, request: LabCallRequest): Promise<LabView> {
    const lab = this.requireLab('lab.call');
    if (request.port !== undefined && request.port !== 0 && !lab.ownsPort(request.port)) {
      throw new Error(`lab.call: port ${request.port} is not one of the lab's (the server's is ${lab.port}); the lab talks only to its own sockets`);
    }
    return this.perform(lab, side, { ...request } as LabCall);
  }

  /** The session to keep: the annotated capture, or the timeline a teacher reads. */
  export(format: 'pcapng' | 'timeline'): { fileName: string; mimeType: string; base64: string } {
    const lab = this.requireLab('lab.export');
    const base = `socket-lab-${this.scenario}`;
    if (format === 'timeline') {
      return { fileName: `${base}.txt`, mimeType: 'text/plain', base64: Buffer.from(labTimeline(lab.steps)).toString('base64') };
    }
    const file = lab.captureFile();
    if (file.length === 0) throw new Error(`lab.export: there is no capture to save: ${lab.captureProblem?.message ?? 'nothing was captured'}`);
    return { fileName: `${base}.pcapng`, mimeType: 'application/vnd.tcpdump.pcap', base64: file.toString('base64') };
  }

  /** The lab's annotated capture as bytes, with the name it is shown under. */
  capture(): { fileName: string; bytes: Buffer } {
    const { fileName, base64 } = this.export('pcapng');
    return { fileName, bytes: Buffer.from(base64, 'base64') };
  }

  async close(): Promise<LabView> {
    const lab = this.lab;
    this.lab = null;
    this.scenario = null;
    this.plan = [];
    this.running.clear();
    await lab?.close();
    return this.view();
  }

  private async perform(lab: SocketLab, side: LabSideName, call: LabCall): Promise<LabView> {
    const busy = this.running.get(side);
    if (busy) throw new Error(`The ${side} is still inside ${busy}(): a program blocked in a call can make no other call until that one returns`);
    this.running.set(side, call.call);
    this.publish();
    try {
      await lab.perform(side, call);
    } finally {
      if (this.lab === lab) this.running.delete(side);
    }
    return this.lab === lab ? this.publish() : this.view();
  }

  /** Tells the open lab's steps again (after a change of language: their sentences are the catalog's). */
  retell(): void {
    if (this.lab) this.publish();
  }

  private publish(): LabView {
    const view = this.view();
    this.changed(view);
    return view;
  }

  private requireLab(request: string): SocketLab {
    if (!this.lab) throw new Error(`${request}: no lab is open; open a scenario first (lab.open)`);
    return this.lab;
  }
}
