/* safe-file.c: the files vssexplain writes (state, lock, report) opened so that no planted link or file can redirect them. */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chars.h"
#include "safe-file.h"
#include "xalloc.h"

/* Says why st is not a file vssexplain may use; NULL when it is. */
static char *
refusal(const struct stat *st, const char *path, const char *what)
{
	if (S_ISLNK(st->st_mode))
		return xasprintf("%s %s is a symbolic link; refused (vssexplain never "
		    "follows one there)", what, path);
	if (!S_ISREG(st->st_mode))
		return xasprintf("%s %s is not a regular file; refused", what, path);
	if (st->st_uid != geteuid())
		return xasprintf("%s %s is owned by uid %lu, not by this user (uid %lu); "
		    "refused", what, path, (unsigned long)st->st_uid,
		    (unsigned long)geteuid());
	return NULL;
}

int
safe_open(const char *path, int flags, mode_t mode, const char *what, char **err)
{
	struct stat	st;
	int		fd, e;

	*err = NULL;
	if ((fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode)) == -1) {
		e = errno;
		/* Linux says ELOOP for a link at the end, the BSDs EMLINK */
		if ((e == ELOOP || e == EMLINK) && lstat(path, &st) == 0 &&
		    (*err = refusal(&st, path, what)) != NULL)
			return -1;
		if (e != ENOENT || (flags & O_CREAT))
			*err = xasprintf("cannot open %s %s: %s", what, path, strerror(e));
		errno = e;
		return -1;
	}
	/* O_NONBLOCK only kept a FIFO from stalling the open */
	if (fstat(fd, &st) != 0 || (*err = refusal(&st, path, what)) != NULL ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == -1) {
		if (*err == NULL)
			*err = xasprintf("cannot open %s %s: %s", what, path, strerror(errno));
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

int
safe_check(const char *path, const char *what, int *mode, char **err)
{
	struct stat	st;

	*err = NULL;
	*mode = -1;
	if (lstat(path, &st) != 0)
		return 0;	/* nothing there yet; the rename makes it */
	if ((*err = refusal(&st, path, what)) != NULL)
		return -1;
	*mode = (int)(st.st_mode & 07777);
	return 0;
}

int
safe_mkstemp(const char *path, char **tmp)
{
	int	fd, e;

	*tmp = xasprintf("%s.tmp.XXXXXX", path);
	if ((fd = mkostemp(*tmp, O_CLOEXEC)) == -1) {
		e = errno;
		free(*tmp);
		*tmp = NULL;
		errno = e;
		return -1;
	}
	(void)flock(fd, LOCK_EX | LOCK_NB);	/* ours alone: it was just made */
	return fd;
}

/* Is name base.tmp. and six letters or digits, as mkstemp makes them? */
static int
is_our_tmp(const char *name, const char *base)
{
	size_t	n = strlen(base), i;

	if (strncmp(name, base, n) != 0 || strncmp(name + n, ".tmp.", 5) != 0)
		return 0;
	name += n + 5;
	for (i = 0; i < 6; i++) {
		if (!chars_is_alnum((unsigned char)name[i]))
			return 0;
	}
	return name[6] == '\0';
}

void
safe_sweep(const char *path, void (*notice)(void *, const char *), void *ctx)
{
	struct dirent	*d;
	struct stat	 st;
	DIR		*dir;
	char		*dcopy = xstrdup(path), *bcopy = xstrdup(path), *msg;
	const char	*dname, *base;
	int		 dfd, fd;

	dname = dirname(dcopy);
	base = basename(bcopy);
	if ((dir = opendir(dname)) == NULL)
		goto out;
	dfd = dirfd(dir);
	while ((d = readdir(dir)) != NULL) {
		if (!is_our_tmp(d->d_name, base))
			continue;
		fd = openat(dfd, d->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd == -1)
			continue;
		/* a writer alive holds its lock; one just made may not have taken it yet */
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    st.st_mtime + SAFE_STALE_SECONDS <= time(NULL) &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0 && unlinkat(dfd, d->d_name, 0) == 0 &&
		    notice != NULL) {
			msg = xasprintf("removed %s/%s, left by an earlier run that was killed",
			    dname, d->d_name);
			notice(ctx, msg);
			free(msg);
		}
		close(fd);
	}
	closedir(dir);
out:
	free(dcopy);
	free(bcopy);
}
