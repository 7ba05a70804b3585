/* stop.h - a stop requested by SIGINT or SIGTERM.
 *
 * Every stage stops the same way: the signal sets a flag, the run finishes
 * the document (or transfer) in hand, commits what is done, prints its
 * summary and exits; a rerun picks up the rest.  The flag is the one piece
 * of process state the stages share; stop_flag() hands it to code that
 * polls it (the fetch transfer loop). */
#ifndef PEIYOU_STOP_H
#define PEIYOU_STOP_H

#include <signal.h>

/* Install the handler for SIGINT and SIGTERM. */
void stop_on_signals(void);
/* The flag the handler sets (1 once a stop was requested). */
volatile sig_atomic_t *stop_flag(void);

#define STOP_REQUESTED (*stop_flag())

#endif
