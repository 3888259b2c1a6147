/* strata-test-watch.c: how long the main thread was blocked
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <time.h>

#include "strata-test-watch.h"

static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

void
test_watch_reset (TestWatch *watch)
{
  watch->last = g_get_monotonic_time ();
  watch->last_cpu = thread_cpu_usec ();
  watch->longest = 0;
  watch->longest_cpu = 0;
}

gboolean
test_watch_tick (gpointer data)
{
  TestWatch *watch = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_usec ();

  watch->longest = MAX (watch->longest, now - watch->last);
  watch->longest_cpu = MAX (watch->longest_cpu, cpu - watch->last_cpu);
  watch->last = now;
  watch->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}
