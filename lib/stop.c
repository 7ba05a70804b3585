/* stop.c - see stop.h. */
#include "stop.h"

#include <string.h>

static volatile sig_atomic_t requested;

static void on_signal(int sig)
{
	(void)sig;
	requested = 1;
}

void stop_on_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;      /* no SA_RESTART: a blocked read returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

volatile sig_atomic_t *stop_flag(void)
{
	return &requested;
}
