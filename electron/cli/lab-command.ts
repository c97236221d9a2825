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

export const LAB_USAGE = `layerscope lab SCENARIO [-w FILE] [--port N]
  SCENARIO   ${LAB_SCENARIOS.map((s) => s.name).join(', ')}
  -w FILE    write the lab's packets to FILE (pcapng), each with the call that caused it as its comment
  --port N   the server's port (default: a free one)
`;

export async function runLabCommand(argv: readonly string[]): Promise<number> {
  let name: string | undefined;
  let file: string | undefined;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-w' || arg === '--port') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '-w') file = value;
      else port = wholeNumber('--port', value, 1);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(LAB_USAGE);
      return 0;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (name === undefined) {
      name = arg;
    } else {
      throw new UsageError('only one SCENARIO may be given');
    }
  }
  if (port !== undefined && port > 65535) throw new UsageError('--port must be at most 65535');
  if (!name) throw new UsageError(`name a scenario: ${LAB_SCENARIOS.map((s) => s.name).join(', ')}`);
  const scenario = findScenario(name);
  if (!scenario) throw new UsageError(`there is no scenario '${name}'; the scenarios are ${LAB_SCENARIOS.map((s) => s.name).join(', ')}`);

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
      process.stderr.write(`layerscope lab: the calls run, but their packets cannot be captured: ${problem.message}\n`);
      if (problem.fixCommands.length) process.stderr.write(`To allow capturing, run:\n${problem.fixCommands.map((c) => `  ${c}\n`).join('')}`);
    }
    // Each step printed as it completes (a timeout step takes its time).
    await performScenario(lab, scenario, (step) => process.stdout.write(labStepText(step, lab.steps[0].outcome.started)));
    process.stdout.write('\n');
    if (file) {
      const iface = lab.captureInterface;
      if (!iface) {
        process.stderr.write(`layerscope lab: nothing was captured, so ${file} was not written\n`);
        return 1;
      }
      const written = writeLabCapture(file, iface, lab.capturedPackets, lab.packets);
      process.stderr.write(`${written} ${written === 1 ? 'packet' : 'packets'} written to ${file}, each with the call that caused it as its comment\n`);
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
