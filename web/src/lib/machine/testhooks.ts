// Whether the page's address asks for the test-only hooks (`?testhooks=1`, in the hash route's
// query or the page's own). No link, build or page sets it, so normal use never has them; the e2e
// tests open such addresses to read screens and to break the machine's worker on purpose.

export function testHooksAsked(): boolean {
	const hash = location.hash;
	const q = hash.indexOf('?');
	const fromHash = q < 0 ? null : new URLSearchParams(hash.slice(q + 1)).get('testhooks');
	return fromHash === '1' || new URLSearchParams(location.search).get('testhooks') === '1';
}
