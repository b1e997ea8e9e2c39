import { QueryClient } from '@tanstack/react-query';

/**
 * Defaults for every query: the next poll is the retry (no bursts against a failing backend),
 * polls go on when the window is not focused (a wall browser rarely is), and results are kept
 * by reference rather than deep-compared (the feed client already returns the same object when
 * nothing changed).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: false,
        refetchOnWindowFocus: false,
        refetchIntervalInBackground: true,
        structuralSharing: false,
        gcTime: 5 * 60_000,
      },
    },
  });
}
