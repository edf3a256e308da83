#ifndef SHMCTL_EXEC_H
#define SHMCTL_EXEC_H
#endif
