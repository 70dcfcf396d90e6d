/* safe-file.h: the files vssexplain writes (state, lock, report) opened so that no planted link or file can redirect them. */
#ifndef VSSEXPLAIN_SAFE_FILE_H
#define VSSEXPLAIN_SAFE_FILE_H

#include <sys/types.h>

/* A stale temporary file is removed once unchanged this long and unlocked. */
#define SAFE_STALE_SECONDS	5

/*
 * Opens path (flags as open(2); O_NOFOLLOW and O_CLOEXEC are added): a
 * symbolic link, anything but a regular file, or a file another user owns is
 * refused, as logrotate refuses such a state file, since vssexplain often
 * runs as root from cron in a directory others may write.  what names the
 * file in messages ("state file").  Returns the descriptor, or -1 with *err
 * set, or -1 with *err NULL and errno ENOENT when the file does not exist
 * (and O_CREAT was not given).
 */
int	safe_open(const char *path, int flags, mode_t mode, const char *what, char **err);
/*
 * Before path is replaced by a rename: refuses it as safe_open does when it
 * exists.  Returns 0 (and its mode in *mode, or -1 when there is none), or -1
 * with *err set.
 */
int	safe_check(const char *path, const char *what, int *mode, char **err);
/*
 * Makes the temporary file PATH.tmp.XXXXXX beside path (mkostemp: never
 * through a link, close on exec) and locks it while this process lives, so
 * that safe_sweep knows it is not stale.  Returns the descriptor and sets
 * *tmp (the caller frees it), or -1 with errno set.
 */
int	safe_mkstemp(const char *path, char **tmp);
/*
 * Removes the temporary files of path that a killed run left: named
 * PATH.tmp.XXXXXX (six letters or digits), regular, owned by this user,
 * unchanged for SAFE_STALE_SECONDS and locked by no process.  notice, when
 * not NULL, is told of each file removed.
 */
void	safe_sweep(const char *path, void (*notice)(void *, const char *), void *ctx);

#endif
