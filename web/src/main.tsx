import './app/i18n.ts';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { z } from 'zod';
import { Providers } from './app/providers.tsx';
import { router } from './app/router.tsx';

// zod compiles fast parsers with `new Function` when it may; the desk's Content-Security-Policy
// allows no eval, and even zod's probe for it is reported as a violation. Parse without it.
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <Providers>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
