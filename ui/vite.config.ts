import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The app loads nothing remote: everything is bundled into dist/ and embedded
// by `tauri build`. `minify` keeps Vite 8's default (oxc); "esbuild" is not valid.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  // Loaded from disk by the app, never over a network: one chunk is fine.
  build: { target: 'safari15', outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1000 },
  // app.css is read as text by the contrast test (vitest empties CSS otherwise).
  test: { environment: 'jsdom', include: ['src/**/*.test.ts'], css: { include: [/app\.css/] } },
});
