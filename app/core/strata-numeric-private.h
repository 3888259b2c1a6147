/* strata-numeric-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/*
 * The numeric tolerances of the core, in one place.
 */

/* Relative precision in V of break-even volumes and ladder flips
 * (MODEL.md sections 4 and 5). */
#define STRATA_VOLUME_PRECISION 1e-9

/* Differences of effective costs this small relative to the costs are
 * rounding, not a sign: "A is cheaper than B" needs more (section 4). */
#define STRATA_CHEAPER_TOLERANCE 1e-12

/* Strategies whose effective unit costs differ by no more than this times
 * the magnitude of the sums involved count as equally cheap (section 5). */
#define STRATA_TIE_TOLERANCE 1e-12

/* Layers whose per-call scratch fits on the stack. */
#define STRATA_STACK_LAYERS 256
