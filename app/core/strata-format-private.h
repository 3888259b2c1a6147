/* strata-format-private.h: figures told apart
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every strata_format_*() figure on the calling thread takes @extra more
 * significant digits (a percentage @extra more decimals), at most 6,
 * until it is set back to 0: two figures that read the same at three
 * digits ("29.8 % → 29.8 %") are then told apart
 * (strata_switch_field_values ()). */
void _strata_format_set_extra_digits (guint extra);

G_END_DECLS
