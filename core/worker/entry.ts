// The worker's entry point: expose one MachineService to the page over comlink.
import { expose } from 'comlink';
import { MachineService } from './service.ts';

expose(new MachineService());
