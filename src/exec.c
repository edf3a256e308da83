#include "config.h"
#include "exec.h"
