#include "config.h"
#include "holders.h"
