/* strata-file-chooser.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * One way to ask for a file, on every GTK Strata builds with: GtkFileDialog
 * from GTK 4.10 and GtkFileChooserNative before (both go through the file
 * chooser portal inside Flatpak).  This file is the only one that may use
 * an API newer than GTK 4.8 for it; everything else calls these.
 */

typedef enum
{
  STRATA_FILE_CHOOSER_OPEN,
  STRATA_FILE_CHOOSER_SAVE,
  STRATA_FILE_CHOOSER_SELECT_FOLDER,
} StrataFileChooserAction;

typedef struct
{
  StrataFileChooserAction  action;
  const char              *title;
  const char              *accept_label;  /* (nullable) e.g. "_Export" */
  GtkFileFilter          **filters;       /* (nullable) NULL-terminated; the first is the default */
  GFile                   *folder;        /* (nullable) where the dialog opens */
  const char              *initial_name;  /* (nullable) SAVE only */
} StrataFileChooserRequest;

/* Called once: with the chosen file, or NULL when the user cancelled or
 * the dialog failed.  @user_data is released with @destroy afterwards. */
typedef void (*StrataFileChosenFunc) (GFile    *file,
                                      gpointer  user_data);

void strata_file_chooser_run (GtkWindow                      *parent,
                              const StrataFileChooserRequest *request,
                              StrataFileChosenFunc            callback,
                              gpointer                        user_data,
                              GDestroyNotify                  destroy);

G_END_DECLS
