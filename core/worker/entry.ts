// The worker's entry point: expose one MachineService to the page over comlink, after starting
// the boot the worker's name asks for, if any (BOOT_AHEAD_NAME in api.ts).
import { expose } from 'comlink';
import { MachineService } from './service.ts';

const service = new MachineService();
service.bootAhead(self.name);
expose(service);
