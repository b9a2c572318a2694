import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
// The base styles first: each area's own stylesheet (FA, audit, job search), imported through App, comes after them in
// the bundle and so overrides them where it means to.
import './styles/desk.css';
import { App } from './app/App';
import { getBridge } from './bridge';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App bridge={getBridge()} />
  </StrictMode>,
);
