#ifndef SHMCTL_HOLDERS_H
#define SHMCTL_HOLDERS_H
#endif
