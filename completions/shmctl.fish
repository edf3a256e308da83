# fish completion for shmctl(1)
#
# Installed in fish's vendor_completions.d.  The option lists are checked
# against "shmctl SUBCOMMAND --help" by tests/e2e/completion.bats.

# The options of subcommand $argv[1] that take an argument.
function __shmctl_argopts -a sub
    switch $sub
        case open
            printf '%s\n' --if-exists --if-does-not-exist -m --mode -s --size --fd
        case create
            printf '%s\n' -s --size -m --mode --if-exists
        case truncate
            printf '%s\n' -s --size --fd
        case chmod chown
            printf '%s\n' --fd
        case stat
            printf '%s\n' -c --format --printf --fd
        case dump
            printf '%s\n' -o --offset -s --skip -n --length --fd
        case write
            printf '%s\n' -o --offset --string --fill -n --length -m --mode --fd
        case anon
            printf '%s\n' -s --size -m --mode --fd --attempts
        case list ls
            printf '%s\n' -o --output --sort
        case gc
            printf '%s\n' --older-than --user --min-size --exclude
        case df
            printf '%s\n' --top --need
        case watch
            printf '%s\n' --count
        case metrics
            printf '%s\n' --output
    end
end

# Reads the command line up to the cursor and prints: the namespace
# directory, the subcommand, the number of operands, the index of the
# COMMAND word of open/anon (0: none yet), 1 if options have ended, and 1
# if -a was given.
function __shmctl_parse
    set -l tokens (commandline -opc)
    set -l n (count $tokens)
    set -l dir /dev/shm
    if set -q SHMCTL_DIR; and test -n "$SHMCTL_DIR"
        set dir $SHMCTL_DIR
    end
    set -l i 2
    while test $i -le $n
        switch $tokens[$i]
            case -d --dir
                set i (math $i + 1)
                test $i -le $n; and set dir $tokens[$i]
            case '--dir=*'
                set dir (string replace -- --dir= '' $tokens[$i])
            case '-d?*'
                set dir (string sub -s 3 -- $tokens[$i])
            case '-*'
            case '*'
                break
        end
        set i (math $i + 1)
    end
    set -l sub ''
    test $i -le $n; and set sub $tokens[$i]
    set -l argopts (__shmctl_argopts $sub)
    set -l nops 0
    set -l cmd 0
    set -l endopts 0
    set -l all 0
    set -l j (math $i + 1)
    while test $j -le $n
        set -l w $tokens[$j]
        if test $endopts -eq 0; and test "x$w" = x--
            set endopts 1
        else if test $endopts -eq 0; and string match -q -- '-?*' $w
            contains -- $w $argopts; and set j (math $j + 1)
            if test "x$w" = x--all; or string match -qr -- '^-[^-o]*a' $w
                set all 1
            end
        else if test "$sub" = anon; or test "$sub" = open -a $nops -eq 1
            set cmd $j
            break
        else
            set nops (math $nops + 1)
            if test "$sub" = open
                # Options end at NAME; "open NAME -- COMMAND" is allowed.
                set endopts 1
                set -l k (math $j + 1)
                if test $k -le $n; and test "x$tokens[$k]" = x--
                    set j $k
                end
            end
        end
        set j (math $j + 1)
    end
    printf '%s\n' $dir $sub $nops $cmd $endopts $all
end

function __shmctl_needs_subcommand
    set -l s (__shmctl_parse)
    test -z "$s[2]"
end

# Whether the cursor is on the COMMAND of open or anon, or after it.
function __shmctl_in_command
    set -l s (__shmctl_parse)
    test $s[4] -gt 0; and return 0
    set -l cur (commandline -ct)
    set -l prev (commandline -opc)[-1]
    switch "$s[2]"
        case anon
            test $s[5] -eq 1; or not string match -q -- '-*' $cur
        case open
            test $s[3] -eq 1; or return 1
            test "x$prev" = x--; or not string match -q -- '-*' $cur
        case '*'
            return 1
    end
end

# Whether the cursor is right after open's NAME, where "--" may come.
function __shmctl_open_after_name
    set -l s (__shmctl_parse)
    test "$s[2]" = open -a $s[3] -eq 1 -a $s[4] -eq 0; and not __shmctl_in_command
end

# Whether the subcommand is one of $argv and the cursor is on its options
# or operands (not on a COMMAND that it runs).
function __shmctl_using
    set -l s (__shmctl_parse)
    contains -- "$s[2]" $argv; and not __shmctl_in_command
end

# Like __shmctl_using, and options have not ended.
function __shmctl_opts
    set -l s (__shmctl_parse)
    test $s[5] -eq 0; and __shmctl_using $argv
end

# Like __shmctl_using, with $argv[1] operands given so far.
function __shmctl_operand -a nops
    set -e argv[1]
    set -l s (__shmctl_parse)
    test $s[3] -eq $nops; and __shmctl_using $argv
end

# The objects in the namespace: regular files, no semaphores.  "/name",
# or the bare name when the word being completed is one.  With "patterns",
# as PATTERN operands: fnmatch(3)'s special characters escaped, and after
# -a, semaphores too (list -a: every entry).  fish escapes what it inserts;
# a name with a newline or a tab cannot be offered one a line.
function __shmctl_names -a kind
    set -l s (__shmctl_parse)
    set -l dir $s[1]
    set -l extra ''
    if test "$kind" = patterns; and test $s[6] -eq 1
        set extra sem
        contains -- $s[2] list ls; and set extra all
    end
    set -l cur (string replace -r -- '^--[^=]*=' '' (commandline -ct))
    set -l slash /
    if test -n "$cur"; and not string match -q -- '/*' $cur
        set slash ''
    end
    for f in $dir/* $dir/.*
        if test "$extra" != all
            test -f $f; and not test -L $f; or continue
        end
        set -l name (string replace -r -- '.*/' '' $f)
        string match -q -- '*[\n\t]*' $name; and continue
        if test "$extra" = ''
            string match -q -- 'sem.*' $name; and continue
        end
        if test "$kind" = patterns
            set name (string replace -ra -- '([\\\\*?[])' '\\\\$1' $name)
        end
        printf '%s\tshared memory object\n' $slash$name
    end
end

# MODE, the first operand of chmod (shmctl-chmod(1)): common octal modes,
# symbolic clauses and keywords; after a comma, more of the same kind.
function __shmctl_modes
    set -l cur (commandline -ct)
    set -l clauses u+rw u-w u=rw g+r g+rw g-w g-rwx o+r o-rwx go-rwx go-w a+r a+rw a-w a-x
    set -l keywords user-read user-write user-exec user-all group-read group-write group-exec group-all other-read other-write other-exec other-all rusr wusr xusr rwxu rgrp wgrp xgrp rwxg roth woth xoth rwxo
    if string match -q -- '*,*' $cur
        set -l head (string replace -r -- '[^,]*$' '' $cur)
        set -l first (string replace -r -- ',.*' '' $cur)
        if contains -- $first $keywords
            printf "$head%s\tkeyword\n" $keywords
        else
            printf "$head%s\tsymbolic\n" $clauses
        end
        return
    end
    printf '%s\toctal\n' 0600 0640 0644 0660 0666 0700 0755
    printf '%s\tsymbolic\n' $clauses u=rw,g=r,o=
    test -n "$cur"; and printf '%s\tkeyword\n' $keywords
end

# USER, USER:GROUP or :GROUP.
function __shmctl_owners
    set -l cur (commandline -ct)
    if string match -q -- '*:*' $cur
        set -l user (string replace -r -- ':.*' '' $cur)
        for g in (__fish_print_groups)
            printf '%s:%s\tgroup\n' $user $g
        end
    else
        for u in (__fish_print_users)
            printf '%s\tuser\n' $u
        end
    end
end

# Completes the COMMAND of open or anon, and its arguments.
function __shmctl_complete_command
    set -l s (__shmctl_parse)
    set -l tokens (commandline -opc) (commandline -ct)
    set -l cmd $s[4]
    test $cmd -gt 0; or set cmd (count $tokens)
    __fish_complete_subcommand --commandline $tokens[$cmd..-1]
end

set -l __shmctl_columns NAME SIZE ALLOC MODE PERMS OWNER GROUP UID GID INODE NLINK ATIME MTIME CTIME HOLDERS PIDS TYPE NAMESPACE SVAL ORIGIN

complete -c shmctl -f

# Global options and subcommands.
complete -c shmctl -n __shmctl_needs_subcommand -s d -l dir -x -a '(__fish_complete_directories)' -d 'work on the objects under DIR'
complete -c shmctl -n __shmctl_needs_subcommand -s h -l help -d 'show help and exit'
complete -c shmctl -n __shmctl_needs_subcommand -s V -l version -d 'show the version and exit'
complete -c shmctl -n __shmctl_needs_subcommand -a open -d 'open an object, optionally around a command'
complete -c shmctl -n __shmctl_needs_subcommand -a create -d 'create new objects'
complete -c shmctl -n __shmctl_needs_subcommand -a truncate -d 'set the size of objects'
complete -c shmctl -n __shmctl_needs_subcommand -a unlink -d 'remove objects'
complete -c shmctl -n __shmctl_needs_subcommand -a rm -d 'remove objects (unlink)'
complete -c shmctl -n __shmctl_needs_subcommand -a chmod -d 'change the permissions of objects'
complete -c shmctl -n __shmctl_needs_subcommand -a chown -d 'change the owner and group of objects'
complete -c shmctl -n __shmctl_needs_subcommand -a stat -d 'show the metadata of objects'
complete -c shmctl -n __shmctl_needs_subcommand -a dump -d 'print the contents of an object'
complete -c shmctl -n __shmctl_needs_subcommand -a write -d 'write data into an object'
complete -c shmctl -n __shmctl_needs_subcommand -a anon -d 'run a command with an anonymous object'
complete -c shmctl -n __shmctl_needs_subcommand -a list -d 'list the objects in the namespace'
complete -c shmctl -n __shmctl_needs_subcommand -a ls -d 'list the objects in the namespace (list)'
complete -c shmctl -n __shmctl_needs_subcommand -a gc -d 'remove stale objects'
complete -c shmctl -n __shmctl_needs_subcommand -a df -d 'where the memory of the namespace is'
complete -c shmctl -n __shmctl_needs_subcommand -a watch -d 'print who creates, resizes and removes objects, live'
complete -c shmctl -n __shmctl_needs_subcommand -a metrics -d 'print Prometheus gauges for node_exporter'
complete -c shmctl -n __shmctl_needs_subcommand -a help -d 'show the help of a subcommand'
complete -c shmctl -n '__shmctl_operand 0 help' -a 'open create truncate unlink rm chmod chown stat dump write anon list ls gc df watch metrics'

# -h, --help for every subcommand.
complete -c shmctl -n '__shmctl_opts open create truncate unlink rm chmod chown stat dump write anon list ls gc df watch metrics' -s h -l help -d 'show help and exit'

# open
complete -c shmctl -n '__shmctl_opts open' -s w -l io -d 'open read-write'
complete -c shmctl -n '__shmctl_opts open' -l if-exists -x -a 'error overwrite truncate supersede nil' -d 'action when NAME exists'
complete -c shmctl -n '__shmctl_opts open' -l if-does-not-exist -x -a 'error create nil' -d 'action when NAME does not exist'
complete -c shmctl -n '__shmctl_opts open' -s m -l mode -x -d 'permissions of a new object'
complete -c shmctl -n '__shmctl_opts open' -s s -l size -x -d 'set the size after opening'
complete -c shmctl -n '__shmctl_opts open' -l fd -x -d 'descriptor for COMMAND (default 3)'
complete -c shmctl -n '__shmctl_opts open' -l rm -d 'unlink NAME when COMMAND ends'
complete -c shmctl -n '__shmctl_operand 0 open' -a '(__shmctl_names)'
complete -c shmctl -n __shmctl_in_command -x -a '(__shmctl_complete_command)'
complete -c shmctl -n __shmctl_open_after_name -x -a '(printf -- "--\tCOMMAND follows\n")'

# create
complete -c shmctl -n '__shmctl_opts create' -s s -l size -x -d 'size of each new object'
complete -c shmctl -n '__shmctl_opts create' -s m -l mode -x -d 'permissions of new objects'
complete -c shmctl -n '__shmctl_opts create' -l reserve -d 'allocate the memory now'
complete -c shmctl -n '__shmctl_opts create' -l if-exists -x -a 'error overwrite truncate supersede' -d 'action when NAME exists'
complete -c shmctl -n '__shmctl_using create' -a '(__shmctl_names)'

# truncate
complete -c shmctl -n '__shmctl_opts truncate' -s s -l size -x -d 'new size, +SIZE or -SIZE'
complete -c shmctl -n '__shmctl_opts truncate' -l fd -x -d 'resize the object at descriptor N'
complete -c shmctl -n '__shmctl_opts truncate' -l force -d 'shrink even what another process maps'
complete -c shmctl -n '__shmctl_using truncate' -a '(__shmctl_names)'

# unlink, rm
complete -c shmctl -n '__shmctl_opts unlink rm' -s f -l force -d 'a missing name is not an error'
complete -c shmctl -n '__shmctl_opts unlink rm' -l if-unused -d 'leave objects that are held'
complete -c shmctl -n '__shmctl_using unlink rm' -a '(__shmctl_names)'

# chmod, chown
complete -c shmctl -n '__shmctl_opts chmod' -l fd -x -d 'change the object at descriptor N'
complete -c shmctl -n '__shmctl_opts chown' -l fd -x -d 'change the object at descriptor N'
complete -c shmctl -n '__shmctl_operand 0 chown' -x -a '(__shmctl_owners)'
complete -c shmctl -n '__shmctl_operand 0 chmod' -x -a '(__shmctl_modes)'
complete -c shmctl -n 'not __shmctl_operand 0 chmod chown; and __shmctl_using chmod chown' -a '(__shmctl_names)'

# stat
complete -c shmctl -n '__shmctl_opts stat' -l holders -d 'show the processes that hold it'
complete -c shmctl -n '__shmctl_opts stat' -s c -l format -x -d 'print FORMAT and a newline for each object'
complete -c shmctl -n '__shmctl_opts stat' -l printf -x -d 'print FORMAT with escapes, no newline'
complete -c shmctl -n '__shmctl_opts stat' -l terse -d 'the ten fstat integers'
complete -c shmctl -n '__shmctl_opts stat' -l json -d 'print JSON'
complete -c shmctl -n '__shmctl_opts stat' -l fd -x -d 'show the object at descriptor N'
complete -c shmctl -n '__shmctl_using stat' -a '(__shmctl_names)'

# dump
complete -c shmctl -n '__shmctl_opts dump' -s o -l offset -x -d 'start at OFFSET'
complete -c shmctl -n '__shmctl_opts dump' -s s -l skip -x -d 'start at OFFSET, as hexdump -s'
complete -c shmctl -n '__shmctl_opts dump' -s n -l length -x -d 'read at most LENGTH bytes'
complete -c shmctl -n '__shmctl_opts dump' -s C -l canonical -d 'hex and ASCII (default)'
complete -c shmctl -n '__shmctl_opts dump' -s r -l raw -d 'the bytes themselves'
complete -c shmctl -n '__shmctl_opts dump' -s v -l no-squeezing -d 'print repeated lines'
complete -c shmctl -n '__shmctl_opts dump' -l fd -x -d 'read the object at descriptor N'
complete -c shmctl -n '__shmctl_using dump' -a '(__shmctl_names)'

# write
complete -c shmctl -n '__shmctl_opts write' -s o -l offset -x -d 'write at OFFSET'
complete -c shmctl -n '__shmctl_opts write' -l string -x -d 'write TEXT'
complete -c shmctl -n '__shmctl_opts write' -l fill -x -d 'write BYTE repeated'
complete -c shmctl -n '__shmctl_opts write' -s n -l length -x -d 'with --fill, how many bytes'
complete -c shmctl -n '__shmctl_opts write' -l grow -d 'extend the object to fit'
complete -c shmctl -n '__shmctl_opts write' -l create -d 'create NAME if missing'
complete -c shmctl -n '__shmctl_opts write' -s m -l mode -x -d 'with --create, the mode'
complete -c shmctl -n '__shmctl_opts write' -l truncate -d 'end the object where the data ends'
complete -c shmctl -n '__shmctl_opts write' -l fd -x -d 'write into the object at descriptor N'
complete -c shmctl -n '__shmctl_operand 0 write' -F -a '(__shmctl_names)'
complete -c shmctl -n 'not __shmctl_operand 0 write; and __shmctl_using write' -a '(__shmctl_names)'

# anon
complete -c shmctl -n '__shmctl_opts anon' -s s -l size -x -d 'size of the object'
complete -c shmctl -n '__shmctl_opts anon' -s m -l mode -x -d 'permissions of the object'
complete -c shmctl -n '__shmctl_opts anon' -l fd -x -d 'descriptor for COMMAND (default 3)'
complete -c shmctl -n '__shmctl_opts anon' -l attempts -x -d 'random names to try (default 100)'

# list, ls
complete -c shmctl -n '__shmctl_opts list ls' -s a -l all -d 'also semaphores and other entries'
complete -c shmctl -n '__shmctl_opts list ls' -s l -l long -d 'more columns'
complete -c shmctl -n '__shmctl_opts list ls' -s A -l all-namespaces -d 'every namespace of the host'
complete -c shmctl -n '__shmctl_opts list ls' -s o -l output -x -a "(__fish_append , $__shmctl_columns)" -d 'columns to show'
complete -c shmctl -n '__shmctl_opts list ls' -l json -d 'print JSON'
complete -c shmctl -n '__shmctl_opts list ls' -s r -l raw -d 'raw output'
complete -c shmctl -n '__shmctl_opts list ls' -s P -l pairs -d 'KEY="value" pairs'
complete -c shmctl -n '__shmctl_opts list ls' -s n -l noheadings -d 'no heading line'
complete -c shmctl -n '__shmctl_opts list ls' -s b -l bytes -d 'sizes in bytes'
complete -c shmctl -n '__shmctl_opts list ls' -l holders -d 'count the processes that hold each'
complete -c shmctl -n '__shmctl_opts list ls' -l deleted -d 'objects with no name left, still held'
complete -c shmctl -n '__shmctl_opts list ls' -l sort -x -a "$__shmctl_columns" -d 'sort by COLUMN'
complete -c shmctl -n '__shmctl_opts list ls' -l reverse -d 'reverse the order'
complete -c shmctl -n '__shmctl_opts list ls' -s 0 -l null -d 'names only, NUL-terminated'
complete -c shmctl -n '__shmctl_using list ls' -a '(__shmctl_names patterns)'

# gc
complete -c shmctl -n '__shmctl_opts gc' -l older-than -x -d 'last modified longer ago than DURATION'
complete -c shmctl -n '__shmctl_opts gc' -l user -x -a '(__fish_print_users)' -d 'owned by USER'
complete -c shmctl -n '__shmctl_opts gc' -l min-size -x -d 'at least SIZE big'
complete -c shmctl -n '__shmctl_opts gc' -s a -l all -d 'also semaphores'
complete -c shmctl -n '__shmctl_opts gc' -l json -d 'print JSON'
complete -c shmctl -n '__shmctl_opts gc' -l exclude -x -a '(__shmctl_names patterns)' -d 'leave out objects matching PATTERN'
complete -c shmctl -n '__shmctl_opts gc' -l dry-run -d 'only show what would be removed'
complete -c shmctl -n '__shmctl_opts gc' -l yes -d 'remove them; without it, only show'
complete -c shmctl -n '__shmctl_using gc' -a '(__shmctl_names patterns)'

# df
complete -c shmctl -n '__shmctl_opts df' -s A -l all-namespaces -d 'every namespace of the host'
complete -c shmctl -n '__shmctl_opts df' -s b -l bytes -d 'sizes in bytes'
complete -c shmctl -n '__shmctl_opts df' -l json -d 'print JSON'
complete -c shmctl -n '__shmctl_opts df' -l top -x -d 'the N largest objects'
complete -c shmctl -n '__shmctl_opts df' -l need -x -d 'exit 1 unless SIZE bytes fit'

# watch
complete -c shmctl -n '__shmctl_opts watch' -l json -d 'one JSON object a line'
complete -c shmctl -n '__shmctl_opts watch' -l count -x -d 'end after N events'
complete -c shmctl -n '__shmctl_using watch' -a '(__shmctl_names patterns)'

# metrics
complete -c shmctl -n '__shmctl_opts metrics' -s A -l all-namespaces -d 'every namespace of the host'
complete -c shmctl -n '__shmctl_opts metrics' -l output -r -F -d 'write FILE whole, by a rename'
