"use client";

import { useSyncExternalStore } from "react";

export interface LazyModuleState<T> {
  loaded: T | null;
  /** The download failed (offline, a deploy replaced the chunk): the page says so instead of waiting forever. */
  failed: boolean;
}

/**
 * A module fetched after the page has hydrated, for code the first paint does not need (the
 * grid's 250 KB). The hook answers null while it loads, and during hydration always (the
 * server rendered without it, and React hydrates with the server's snapshot), so the server's
 * HTML and the first client render agree; once loaded, later mounts get it at once.
 */
export interface LazyModule<T> {
  (): LazyModuleState<T>;
  /** Starts the download now, without waiting for a component to mount; resolves once it has settled. */
  preload(): Promise<void>;
}

export function lazyModule<T>(load: () => Promise<T>): LazyModule<T> {
  const initial: LazyModuleState<T> = { loaded: null, failed: false };
  let state = initial;
  let loading: Promise<void> | null = null;
  const listeners = new Set<() => void>();
  const settle = (next: LazyModuleState<T>) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const start = (): Promise<void> => {
    return (loading ??= load().then(
      (loaded) => settle({ loaded, failed: false }),
      () => {
        loading = null;
        settle({ loaded: null, failed: true });
      },
    ));
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    void start();
    return () => {
      listeners.delete(listener);
    };
  };
  const useLazyModule = () =>
    useSyncExternalStore(
      subscribe,
      () => state,
      () => initial,
    );
  return Object.assign(useLazyModule, { preload: start });
}
