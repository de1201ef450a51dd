package driver

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// compiling returns the packages that the processes this process started
// (the go command) have started compilers for, now: the -p flag of each
// child of a child, read from /proc.
func compiling() []string {
	kids := childrenByParent()
	var pkgs []string
	for _, goCmd := range kids[os.Getpid()] {
		for _, tool := range kids[goCmd] {
			args, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(tool), "cmdline"))
			if err != nil {
				continue
			}
			fields := bytes.Split(args, []byte{0})
			if i := slices.IndexFunc(fields, func(f []byte) bool { return string(f) == "-p" }); i >= 0 && i+1 < len(fields) {
				pkgs = append(pkgs, string(fields[i+1]))
			}
		}
	}
	slices.Sort(pkgs)
	return slices.Compact(pkgs)
}

// childrenByParent maps each process to its children, from /proc/*/stat.
func childrenByParent() map[int][]int {
	kids := make(map[int][]int)
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return kids
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces and parentheses.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		fields := bytes.Fields(stat[i+1:])
		if len(fields) < 2 {
			continue
		}
		if ppid, err := strconv.Atoi(string(fields[1])); err == nil {
			kids[ppid] = append(kids[ppid], pid)
		}
	}
	return kids
}
