import { AmiClient } from '../../pbx/ami';
import { PbxService } from '../../pbx';
import { ManualClock, startSimulator, type RunningSimulator } from '../../../simulator';

/**
 * The real pipeline for live panel specs: the PBX simulator (manual clock) speaking AMI over
 * TCP to the real AMI client, feeding the real PbxService. Anything the panel sends is in
 * `sim.recordedActions` exactly as Asterisk would have received it.
 */
export interface LiveLab {
  sim: RunningSimulator;
  clock: ManualClock;
  ami: AmiClient;
  pbx: PbxService;
  /** Waits until every event the simulator emitted so far has reached the model. */
  settle(): Promise<void>;
  /** Moves simulated time forward in steps, settling after each. */
  advance(ms: number, stepMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const LAB_EXTENSIONS = ['1001', '1002', '1003', '1004', '1005', '1006'];
export const LAB_QUEUES = { sales: ['1001', '1002'], support: ['1003', '1004'] };

export async function startLiveLab(): Promise<LiveLab> {
  const clock = new ManualClock();
  const sim = await startSimulator({ clock, extensions: LAB_EXTENSIONS, queues: LAB_QUEUES });
  const ami = new AmiClient({ host: sim.host, port: sim.port, username: 'panel', secret: 'panelsecret' });
  const pbx = new PbxService(ami, { clock });
  const synced = new Promise<void>((resolve) => {
    const off = pbx.subscribe((change) => {
      if (change.kind === 'status' && !change.value.stale) {
        off();
        resolve();
      }
    });
  });
  await ami.connect();
  await synced;
  // A Ping answer arrives after every event sent before it: TCP keeps order.
  const settle = async (): Promise<void> => {
    await ami.action({ Action: 'Ping' });
  };
  return {
    sim,
    clock,
    ami,
    pbx,
    settle,
    async advance(ms, stepMs = 500) {
      for (let done = 0; done < ms; done += stepMs) {
        clock.advance(Math.min(stepMs, ms - done));
        await settle();
      }
    },
    async stop() {
      ami.close();
      await sim.stop();
    },
  };
}
