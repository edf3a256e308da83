#ifndef SHMCTL_HEXDUMP_H
#define SHMCTL_HEXDUMP_H
#endif
