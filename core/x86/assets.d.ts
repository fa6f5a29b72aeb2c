// The one asset the browser entry imports through the bundler: v86's wasm as a URL (Vite `?url`).
declare module 'v86/build/v86.wasm?url' {
	const url: string;
	export default url;
}
