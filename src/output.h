#ifndef SHMCTL_OUTPUT_H
#define SHMCTL_OUTPUT_H
#endif
