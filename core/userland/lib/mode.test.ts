import { describe, expect, it } from 'vitest';
import { compileMode, modeString } from './mode.ts';

const apply = (text: string, mode: number, umask = 0o022, dir = false) => {
	const c = compileMode(text, umask);
	return c === null ? null : (c(mode, dir) & 0o7777).toString(8);
};

describe('modes', () => {
	it('renders ls strings with the special bits', () => {
		expect(modeString(0o100644)).toBe('-rw-r--r--');
		expect(modeString(0o41777)).toBe('drwxrwxrwt');
		expect(modeString(0o104755)).toBe('-rwsr-xr-x');
		expect(modeString(0o102644)).toBe('-rw-r-Sr--');
		expect(modeString(0o120777)).toBe('lrwxrwxrwx');
		expect(modeString(0o20666)).toBe('crw-rw-rw-');
	});

	it('applies octal and symbolic changes as chmod does', () => {
		expect(apply('755', 0o644)).toBe('755');
		expect(apply('u+x', 0o644)).toBe('744');
		expect(apply('go-r', 0o644)).toBe('600');
		expect(apply('a=r,u+w', 0o777)).toBe('644');
		expect(apply('+x', 0o644)).toBe('755');
		expect(apply('+w', 0o444)).toBe('644');
		expect(apply('=r', 0o777)).toBe('444');
		expect(apply('g=u', 0o640)).toBe('660');
		expect(apply('a+X', 0o644)).toBe('644');
		expect(apply('a+X', 0o744)).toBe('755');
		expect(apply('a+X', 0o644, 0o022, true)).toBe('755');
		expect(apply('u+s,+t', 0o755)).toBe('5755');
		expect(apply('o+s', 0o755)).toBe('755');
	});

	it('rejects malformed modes', () => {
		expect(apply('u+q', 0o644)).toBeNull();
		expect(apply('99', 0o644)).toBeNull();
		expect(apply('g=uw', 0o644)).toBeNull();
	});
});
