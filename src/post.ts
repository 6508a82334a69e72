/**
 * The action's post step (action.yml `runs.post`): if the main step died while the app was
 * running (cancelled, out of memory), stop the app's process group so the job can end.
 */
import { coreRuntime, APP_PID_STATE } from './action/runtime.js';
import { groupAlive, terminateGroup } from './simulation/launcher/process-group.js';

/** Stops the app group recorded by the main step, if it still runs. */
export async function post(runtime = coreRuntime()): Promise<void> {
  const pid = Number(runtime.getState(APP_PID_STATE));
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    if (!groupAlive(pid)) return;
    runtime.info(`Stopping the app left running by the main step (process group ${pid}).`);
    await terminateGroup(pid, 5_000);
  } catch (error) {
    runtime.warning(`Could not stop the app's process group ${pid}: ${(error as Error).message}`);
  }
}

await post();
