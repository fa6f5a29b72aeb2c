// System V IPC's numbers and the object as `ipcs` sees it: what programs and the syscall layer
// name. The calls themselves (ipc.ts) are a chunk of their own, fetched at the first IPC call.
export const IPC_PRIVATE = 0;
export const IPC_CREAT = 0o1000,
	IPC_EXCL = 0o2000,
	IPC_NOWAIT = 0o4000;
export const IPC_RMID = 0,
	IPC_SET = 1,
	IPC_STAT = 2,
	IPC_INFO = 3;
export const SHM_STAT = 13,
	MSG_STAT = 11,
	SEM_STAT = 18;
export const SHM_RDONLY = 0o10000;
/** 2.4 limits: SHMMAX 32 MB, SHMMNI/MSGMNI 4096 objects, SEMMSL 250 semaphores per set, SEMMNI 128. */
export const SHMMIN = 1,
	SHMMAX = 0x2000000,
	SEMMSL = 250,
	IPCMNI = 4096;

export type IpcKind = 'shm' | 'sem' | 'msg';

export interface IpcObject {
	kind: IpcKind;
	id: number;
	key: number;
	/** The context the key belongs to. */
	ctx: number;
	uid: number;
	gid: number;
	cuid: number;
	cgid: number;
	mode: number;
	/** Segment bytes, semaphores in the set, or messages queued. */
	size: number;
	nattch: number;
	cpid: number;
	lpid: number;
	ctime: number;
}
