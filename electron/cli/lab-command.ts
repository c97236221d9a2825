// `layerscope lab SCENARIO [-w FILE] [--port N]`: runs a Socket Lab scenario headless, for teachers
// preparing material and for tests: prints each step (the call in Python and C, its result, the
// packets it caused, the kernel's sockets after it, what happened) and writes the annotated capture.
//
// Exit codes: 0 done; 1 the lab cannot run here (no Python 3); 2 usage.

import { LabUnavailable } from '../lab/lab-side.js';
import { SocketLab } from '../lab/socket-lab.js';
import { LAB_SCENARIOS, findScenario, performScenario } from '../lab/lab-scenarios.js';
import { labStepText } from '../lab/lab-timeline.js';
import { writeLabCapture } from '../lab/lab-capture-file.js';
import { UsageError, wholeNumber } from './cli-arguments.js';
import { say } from '../text/catalog.js';
import { CLI_TEXT } from './cli-text.js';

/** The lab command's usage, in the chosen language. */
export function labUsage(): string {
  return say(CLI_TEXT.lab_usage, { scenarios: LAB_SCENARIOS.map((s) => s.name).join(', ') });
}

export async function runLabCommand(argv: readonly string[]): Promise<number> {
  let name: string | undefined;
  let file: string | undefined;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-w' || arg === '--port') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(say(CLI_TEXT.needs_value, { option: arg }));
      if (arg === '-w') file = value;
      else port = wholeNumber('--port', value, 1);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(labUsage());
      return 0;
    } else if (arg.startsWith('-')) {
      throw new UsageError(say(CLI_TEXT.unknown_option, { option: arg }));
    } else if (name === undefined) {
      name = arg;
    } else {
      throw new UsageError(say(CLI_TEXT.one_scenario));
    }
  }
  if (port !== undefined && port > 65535) throw new UsageError(say(CLI_TEXT.port_at_most));
  if (!name) throw new UsageError(say(CLI_TEXT.name_scenario, { scenarios: LAB_SCENARIOS.map((s) => s.name).join(', ') }));
  const scenario = findScenario(name);
  if (!scenario) throw new UsageError(say(CLI_TEXT.no_scenario, { name, scenarios: LAB_SCENARIOS.map((s) => s.name).join(', ') }));

  let lab: SocketLab;
  try {
    lab = await SocketLab.open({ port });
  } catch (err) {
    if (err instanceof LabUnavailable) {
      process.stderr.write(`layerscope lab: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  try {
    const problem = lab.captureProblem;
    if (problem) {
      process.stderr.write(`layerscope lab: ${say(CLI_TEXT.lab_no_capture, { reason: problem.message })}\n`);
      if (problem.fixCommands.length) process.stderr.write(`${say(CLI_TEXT.to_allow)}\n${problem.fixCommands.map((c) => `  ${c}\n`).join('')}`);
    }
    // Each step printed as it completes (a timeout step takes its time).
    await performScenario(lab, scenario, (step) => process.stdout.write(labStepText(step, lab.steps[0].outcome.started)));
    process.stdout.write('\n');
    if (file) {
      const iface = lab.captureInterface;
      if (!iface) {
        process.stderr.write(`layerscope lab: ${say(CLI_TEXT.lab_nothing_captured, { file })}\n`);
        return 1;
      }
      const written = writeLabCapture(file, iface, lab.capturedPackets, lab.packets);
      process.stderr.write(`${say(CLI_TEXT.lab_written, { count: written, file })}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof LabUnavailable) {
      process.stderr.write(`layerscope lab: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await lab.close();
  }
}
