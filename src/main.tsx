import { createRoot } from 'react-dom/client';
import '@fontsource/inter/400.css';
import '@fontsource/inter/600.css';
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import './app/styles.css';
import { boot } from './app/boot';

const container = document.getElementById('root');
if (container) void boot(createRoot(container));
